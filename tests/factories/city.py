"""The city level: a city tenant above the communes, its officer, a submission sent to it."""

import factory
from factory.django import DjangoModelFactory

from awards.city_models import CitySubmission
from units.models import CommuneKind

from .nominations import RoundFactory
from .units import CommuneFactory, MembershipFactory, UnitFactory, UserFactory


def make_city(name: str = "Thành phố Hà Nội", code: str = "ha-noi"):
    """A city tenant (kind city) with its emulation board's unit."""
    return CommuneFactory(
        name=name,
        place_name=name.removeprefix("Thành phố "),
        province=name,
        kind=CommuneKind.CITY,
        code=code,
        authority_name=f"ỦY BAN NHÂN DÂN {name.upper()}",
        chairman_name="Trần Sỹ Thanh",
    )


def make_city_officer(city, *, username: str = "thanhpho", role: str = "city_officer"):
    """A user of the city's emulation board (Ban Thi đua – Khen thưởng thành phố)."""
    unit = UnitFactory(commune=city, name="Ban Thi đua – Khen thưởng thành phố")
    user = UserFactory(username=username)
    MembershipFactory(user=user, unit=unit, role=role)
    user.refresh_from_db()
    return user


class CitySubmissionFactory(DjangoModelFactory):
    """A submission in a given state (its files and lines left out: the workflow's walk)."""

    class Meta:
        model = CitySubmission

    city = factory.LazyFunction(lambda: make_city(code=f"tp-{CommuneFactory._meta.model.objects.count()}"))
    round = factory.SubFactory(RoundFactory)
    title = factory.LazyAttribute(lambda s: s.round.title)
    commune_name = "xã An Bình"
    submitted_by = factory.SubFactory(UserFactory)
