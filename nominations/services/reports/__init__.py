"""The achievement report (báo cáo thành tích) of a nomination: its structure as data, its
prefill from the portal's records, its validation and the sections still missing.

The annex forms of NĐ 152/2025/NĐ-CP: Mẫu 06 for an ad hoc (đột xuất) award, Mẫu 08 for a
thematic movement (thi đua theo chuyên đề); each for a collective or an individual. In the
year-end review, Mẫu 05 (an individual) or Mẫu 04 (a collective) for the titles whose catalogue
entry names one (CSTĐCS, the collective titles; LĐTT needs none). The stored shape of
`Nomination.report`:

    {"profile": {field: text, ...},                       # I. lý lịch / đặc điểm, tình hình
     "achievements": {field: text, ..., "rows": [row]},    # II. thành tích (rows: Mẫu 08 table)
     "awards": {"rows": [row]}}                            # III. prior awards

Table rows are dicts of text; numbers are stored as plain decimals ("85.5"). Section III
starts from the award registry (the subject's valid prior awards); the unit may edit it.
"""

from nominations.services.reports.prefill import initiative_lines, merged, prefill, target_rows
from nominations.services.reports.structure import (
    FORMS,
    LEGAL_SOURCE,
    YEAR_END_FORMS,
    Field,
    Form,
    Section,
    Table,
    form_of,
    is_editable,
    needs_report,
    sections,
)
from nominations.services.reports.validation import clean_report, missing_sections, save_report

__all__ = [
    "FORMS",
    "LEGAL_SOURCE",
    "YEAR_END_FORMS",
    "Field",
    "Form",
    "Section",
    "Table",
    "clean_report",
    "form_of",
    "initiative_lines",
    "is_editable",
    "merged",
    "missing_sections",
    "needs_report",
    "prefill",
    "save_report",
    "sections",
    "target_rows",
]
