"""Business rules of the movement, one module per topic.

- `campaign`: campaigns, their years, indicators, yearly targets and reporting units.
- `registration`: a unit's yearly commitments and their one-door workflow.
- `results`: entering results (form and Excel) with every check.
- `rates`: aggregated rates and their status against targets, computed in the database.
- `index`: PAR INDEX / SIPAS components, assignments, official scores, and criterion 2.
- `initiatives`: initiatives, evidence files, recognition, and criterion 1.
- `scoring`: the year-end scoring sheet and ranking.
- `reports`: the periodic movement report (PDF and Excel).
- `posts`: the public CCHC page's posts.
"""

from thiduaportal.errors import DomainError


class CampaignError(DomainError):
    """A rule of the movement refused the change; the message names what and where, in the
    user's language, and nothing was saved."""
