"""The movement (phong trào thi đua) and what it measures.

A campaign spans several years. Each year units register their commitments, responsible
units report results against indicators as counts, PAR INDEX / SIPAS component scores are
recorded, initiatives are recognised, and at the year's end units are scored. Workflow and
every write that matters live in `campaigns/services/`; models hold fields and constraints.
"""

from .campaign import Campaign, CampaignYear, ReviewKind
from .common import YEAR_VALIDATORS
from .index import IndexComponent, IndexKind
from .indicators import (
    Direction,
    Frequency,
    Indicator,
    IndicatorKind,
    IndicatorTarget,
    Result,
    ResultQuerySet,
)
from .initiatives import (
    CouncilLevel,
    Initiative,
    InitiativeEvidence,
    InitiativeKind,
    InitiativeQuerySet,
    InitiativeState,
    InitiativeTransition,
    evidence_path,
)
from .posts import Post, PostQuerySet
from .registration import (
    Registration,
    RegistrationCommitment,
    RegistrationQuerySet,
    RegistrationState,
    RegistrationTransition,
)
from .scoring import CriterionSource, ScoringCriterion, UnitScore
from .versions import DashboardVersion

__all__ = [
    "Campaign",
    "CampaignYear",
    "CouncilLevel",
    "CriterionSource",
    "DashboardVersion",
    "Direction",
    "Frequency",
    "IndexComponent",
    "IndexKind",
    "Indicator",
    "IndicatorKind",
    "IndicatorTarget",
    "Initiative",
    "InitiativeEvidence",
    "InitiativeKind",
    "InitiativeQuerySet",
    "InitiativeState",
    "InitiativeTransition",
    "Post",
    "PostQuerySet",
    "Registration",
    "RegistrationCommitment",
    "RegistrationQuerySet",
    "RegistrationState",
    "RegistrationTransition",
    "Result",
    "ResultQuerySet",
    "ReviewKind",
    "ScoringCriterion",
    "UnitScore",
    "YEAR_VALIDATORS",
    "evidence_path",
]
