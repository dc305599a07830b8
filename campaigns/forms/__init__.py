"""Forms of the movement, one module per topic."""
