"""What nominations asks of the awards room above it, without importing it (see
`thiduaportal.hooks`). The awards app provides each one in its AppConfig.ready()."""

from __future__ import annotations

from thiduaportal.hooks import Hook

# (units, cadres, years, award_form_ids) -> list[eligibility.checks.RegistryLine]: the valid
# awards of these units (as collectives) and people in these years and award forms, oldest
# first, for the "same award already received" check. One query.
registry_lines = Hook("nominations.registry_lines")

# (nomination) -> list[dict[str, str]]: section III of the achievement report, the subject's
# valid prior awards as rows (award, year, decision, issuer), oldest first. Reads only.
prior_award_rows = Hook("nominations.prior_award_rows")

# (round) -> list[tuple[str, bytes]]: the commune council's minutes of the round for the
# package forwarded to the city, as (file name, content): the signed scan of the final
# session's minutes when one was uploaded, else the printed minutes of that session; empty
# while the round has no final session. Reads only.
council_minutes_files = Hook("nominations.council_minutes_files")

# (round, to_state) -> list[str]: what the council knows about moving the round, for the
# move's confirmation page (no session held before "decided"). Empty without the council.
round_move_warnings = Hook("nominations.round_move_warnings", default=lambda round, to: [])
