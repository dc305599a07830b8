"""Rounds (đợt xét), units' proposals, nominations (đề nghị khen thưởng) and their dossiers.

Workflow and every write that matters live in `nominations/services/`; models hold fields,
constraints and cheap properties.
"""

from nominations.models.dossiers import Attachment, AttachmentKind, attachment_path
from nominations.models.nominations import (
    LIVE_STATES,
    Comment,
    EligibilityOverride,
    Nomination,
    NominationQuerySet,
    NominationState,
    NominationTransition,
    NominationVersion,
    SubjectType,
)
from nominations.models.notifications import Notification
from nominations.models.rounds import (
    AwardForm,
    AwardKind,
    AwardLevel,
    Proposal,
    ProposalQuerySet,
    Round,
    RoundKind,
    RoundQuerySet,
    RoundState,
    RoundTransition,
)
from nominations.models.titles import Title
from nominations.models.units_extra import DisciplineLevel, DisciplineRecord

__all__ = [
    "LIVE_STATES",
    "Attachment",
    "AttachmentKind",
    "AwardForm",
    "AwardKind",
    "AwardLevel",
    "Comment",
    "DisciplineLevel",
    "DisciplineRecord",
    "EligibilityOverride",
    "Nomination",
    "NominationQuerySet",
    "NominationState",
    "NominationTransition",
    "NominationVersion",
    "Notification",
    "Proposal",
    "ProposalQuerySet",
    "Round",
    "RoundKind",
    "RoundQuerySet",
    "RoundState",
    "RoundTransition",
    "SubjectType",
    "Title",
    "attachment_path",
]
