"""Who may draft and issue decisions, print certificates, read and import the registry."""

import rules

from thiduaportal.roles import Role, roles_of, sees_all
from units.rules import is_chairman, is_council, is_office, works_in_unit

# Decisions (issue 6): the office drafts, the chairman issues; both read them and print the
# certificates. The registry is read by everyone signed in; the office imports past awards.
rules.add_perm("awards.view_decision", sees_all)
rules.add_perm("awards.draft_decision", is_office)
rules.add_perm("awards.issue_decision", is_chairman)
rules.add_perm("awards.print_certificates", sees_all)
rules.add_perm("awards.manage_printers", sees_all)
rules.add_perm("awards.view_registry", sees_all | works_in_unit | is_council)
rules.add_perm("awards.import_awards", is_office)
rules.add_perm("awards.export_registry", sees_all)
# The statistical report and the year-end summary: the office prepares them, the chairman signs.
rules.add_perm("awards.view_statistics", sees_all)
# Public pages: the honour board and the certificates' verification.
rules.add_perm("awards.view_honour_board", rules.always_allow)
rules.add_perm("awards.verify_certificate", rules.always_allow)


@rules.predicate
def is_city_officer(user) -> bool:
    """The city's emulation board officer: reviews the submissions communes send."""
    return Role.CITY_OFFICER in roles_of(user)


@rules.predicate
def is_city_staff(user) -> bool:
    return bool(roles_of(user) & Role.CITY_ROLES)


# Submissions to the city (issue 16 item 2): the office sends and follows them; the city's
# roles read them, its officer reviews them. The submission's manager keeps each side to
# its own (the commune's submissions, the city's received ones).
rules.add_perm("awards.submit_to_city", is_office)
rules.add_perm("awards.view_city_submission", is_office | is_city_staff)
rules.add_perm("awards.review_city_submission", is_city_officer)
