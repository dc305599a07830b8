"""Forms of nominations, one module per topic."""
