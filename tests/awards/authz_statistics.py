"""Authorization rows for the statistical report: the office, the chairman and the
administrator read the figures and have the files built; nobody else."""

from tests.authz import SEES_ALL
from tests.factories.decisions import ImportedAwardFactory


def _awards(world):
    ImportedAwardFactory(cadre=world["own_cadre"], year=2025)
    return {}


MATRIX = {
    "awards:statistics": [("empty", None, SEES_ALL), ("an award", _awards, SEES_ALL)],
}
