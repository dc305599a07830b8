from .units import (
    AssignmentFactory,
    CadreFactory,
    CadreRatingFactory,
    CommuneFactory,
    MembershipFactory,
    TransferRequestFactory,
    UnitFactory,
    UnitRatingFactory,
    UserFactory,
)

__all__ = [
    "AssignmentFactory",
    "CadreFactory",
    "CadreRatingFactory",
    "CommuneFactory",
    "MembershipFactory",
    "TransferRequestFactory",
    "UnitFactory",
    "UnitRatingFactory",
    "UserFactory",
]
