"""Authorization rows for the periodic report."""

from tests.authz import OFFICE

MATRIX = {
    "campaigns:report_create": [("", None, OFFICE)],
}
