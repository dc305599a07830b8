"""Rounds (đợt xét), units' proposals, nominations (đề nghị khen thưởng) and their dossiers.

Workflow and every write that matters live in `nominations/services/`; models hold fields,
constraints and cheap properties.
"""

from .council import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    CouncilMember,
    CouncilRole,
    CouncilSession,
    CouncilTerm,
    ItemState,
    Recusal,
    SessionFile,
    SessionMode,
    SessionState,
    SessionTransition,
    VoterMark,
    VotingMethod,
)
from .dossiers import Attachment, AttachmentKind, attachment_path
from .nominations import (
    Comment,
    EligibilityOverride,
    Nomination,
    NominationQuerySet,
    NominationState,
    NominationTransition,
    NominationVersion,
    SubjectType,
)
from .notifications import Notification
from .rounds import (
    AwardForm,
    AwardLevel,
    Proposal,
    ProposalQuerySet,
    Round,
    RoundKind,
    RoundQuerySet,
    RoundState,
    RoundTransition,
)
from .units_extra import DisciplineRecord

__all__ = [
    "AgendaItem",
    "Attendance",
    "AttendanceStatus",
    "CouncilMember",
    "CouncilRole",
    "CouncilSession",
    "CouncilTerm",
    "ItemState",
    "Recusal",
    "SessionFile",
    "SessionMode",
    "SessionState",
    "SessionTransition",
    "VoterMark",
    "VotingMethod",
    "Attachment",
    "AttachmentKind",
    "AwardForm",
    "AwardLevel",
    "Comment",
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
    "attachment_path",
]
