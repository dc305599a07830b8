import datetime

import factory
from factory.django import DjangoModelFactory

from units.models import (
    Assignment,
    Cadre,
    CadreCategory,
    CadreRating,
    Commune,
    Membership,
    RatingLevel,
    Sex,
    TransferRequest,
    Unit,
    UnitKind,
    UnitRating,
    User,
)


class CommuneFactory(DjangoModelFactory):
    class Meta:
        model = Commune

    name = "xã An Bình"
    place_name = "An Bình"
    province = "Tỉnh Mẫu"
    authority_name = "ỦY BAN NHÂN DÂN XÃ AN BÌNH"
    chairman_name = "Trần Văn Chủ"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """The blank commune an install makes for its first unit (`tenancy.default_commune_id`)
        is filled in, as the Settings page does, rather than a second commune made beside it."""
        blank = model_class.objects.filter(name="").order_by("pk").first()
        if blank is not None and model_class.objects.count() == 1:
            for field, value in kwargs.items():
                setattr(blank, field, value)
            blank.save()
            return blank
        return super()._create(model_class, *args, **kwargs)


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Phòng Thử nghiệm {n}")
    kind = UnitKind.DEPARTMENT

    class Params:
        advising = factory.Trait(advises_cchc=True)
        archived = factory.Trait(is_active=False)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Người Dùng {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    password = factory.django.Password("thidua2026")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = "unit_staff"


class CadreFactory(DjangoModelFactory):
    """A person with their first assignment, as services.create_cadre makes them."""

    class Meta:
        model = Cadre
        skip_postgeneration_save = True

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    sex = Sex.MALE
    date_of_birth = factory.Sequence(lambda n: datetime.date(1980, 1, 1) + datetime.timedelta(days=n))
    position = "Chuyên viên"
    category = CadreCategory.CONG_CHUC
    unit = factory.SubFactory(UnitFactory)

    class Params:
        advising = factory.Trait(advises_cchc=True)
        left = factory.Trait(is_active=False)

    @factory.post_generation
    def assignment(obj, create, extracted, **kwargs):
        if create:
            Assignment.objects.create(
                cadre=obj,
                unit=obj.unit,
                position=obj.position,
                start_date=extracted or datetime.date(2020, 1, 1),
            )


class AssignmentFactory(DjangoModelFactory):
    class Meta:
        model = Assignment

    cadre = factory.SubFactory(CadreFactory)
    unit = factory.SelfAttribute("cadre.unit")
    start_date = datetime.date(2020, 1, 1)


class UnitRatingFactory(DjangoModelFactory):
    class Meta:
        model = UnitRating

    unit = factory.SubFactory(UnitFactory)
    year = 2026
    level = RatingLevel.EXCELLENT


class CadreRatingFactory(DjangoModelFactory):
    class Meta:
        model = CadreRating

    cadre = factory.SubFactory(CadreFactory)
    unit = factory.SelfAttribute("cadre.unit")
    year = 2026
    level = RatingLevel.GOOD


class TransferRequestFactory(DjangoModelFactory):
    """A unit head's request to move a person of their unit into another unit."""

    class Meta:
        model = TransferRequest

    cadre = factory.SubFactory(CadreFactory)
    from_unit = factory.SelfAttribute("cadre.unit")
    to_unit = factory.SubFactory(UnitFactory)
    on = datetime.date(2026, 7, 1)
    requested_by = factory.SubFactory(UserFactory)
