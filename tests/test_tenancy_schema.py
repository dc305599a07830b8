"""The schema of communes as tenants: every table of a commune's data carries `commune_id` (the
distribution column of a distributed PostgreSQL such as Citus), and the database itself refuses
a row that names another commune's parent, whatever wrote it (raw SQL included)."""

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction

from tests.factories import CadreFactory, CommuneFactory, UnitFactory
from thiduaportal import tenancy
from units.models import Cadre

OUR_APPS = {"thiduaportal", "units", "campaigns", "nominations", "council", "awards", "demo"}

# Tables without a commune, each with its reason. A new table fails the test until it is
# classified: given a commune (a TenantModel) or listed here.
NATIONAL_REFERENCE = {
    # The tenants themselves (a reference table under Citus, copied to every node).
    "units.Commune",
    # The award forms of the law (Luật Thi đua, khen thưởng 2022), the same in every commune.
    "nominations.AwardForm",
    # The statutory base salary (mức lương cơ sở) by date, set by the Government.
    "awards.BaseSalary",
}
# Django's many-to-many tables carry only the two keys. Their rows follow their owner's
# commune (the same-commune rule is checked by the forms, the owners' commune by the
# constraints); under Citus they are colocated through the owner's table.
AUTO_MANY_TO_MANY = {
    "units.User_groups",
    "units.User_user_permissions",
    "campaigns.Campaign_publishing_units",
    "campaigns.IndexComponent_units",
    "campaigns.Indicator_reporting_units",
    "campaigns.Initiative_authors",
    "campaigns.Initiative_units",
    "nominations.Round_award_forms",
    "awards.Decision_nominations",
    "awards.Decision_targets",
}


def _our_models():
    return [m for m in apps.get_models(include_auto_created=True) if m._meta.app_label in OUR_APPS]


def test_every_table_of_a_communes_data_carries_the_commune_column():
    without = set()
    for model in _our_models():
        columns = {field.column for field in model._meta.concrete_fields}
        if "commune_id" not in columns:
            without.add(model._meta.label)
    assert without == NATIONAL_REFERENCE | AUTO_MANY_TO_MANY
    # The auto-created list names real many-to-many tables, and only those.
    auto = {m._meta.label for m in _our_models() if m._meta.auto_created}
    assert auto == AUTO_MANY_TO_MANY
    # Every table with the column is a tenant model the scoped manager filters (the user
    # excepted: a user's commune is set from their membership, and users are not listed).
    tenants = {m._meta.label for m in tenancy.tenant_models()}
    carrying = {m._meta.label for m in _our_models()} - without
    assert carrying - tenants == set()
    assert len(carrying) > 50, sorted(carrying)


@pytest.mark.django_db(transaction=True)
def test_every_table_with_the_commune_column_has_it_in_the_database():
    with connection.cursor() as cursor:
        for model in _our_models():
            # A user's commune is blank for an install's superuser, who sees every commune.
            if model._meta.label in NATIONAL_REFERENCE | AUTO_MANY_TO_MANY | {"units.User"}:
                continue
            described = connection.introspection.get_table_description(cursor, model._meta.db_table)
            column = {c.name: c for c in described}["commune_id"]
            assert not column.null_ok, f"{model._meta.db_table}.commune_id may be NULL"


@pytest.fixture
def two_communes(db):
    first = CommuneFactory(code="an-binh")
    second = CommuneFactory(code="binh-minh", name="xã Bình Minh", place_name="Bình Minh")
    with tenancy.within(first):
        own = CadreFactory(unit=UnitFactory(name="Phòng Kinh tế"))
    with tenancy.within(second):
        foreign_unit = UnitFactory(name="Phòng Kinh tế")
    return own, foreign_unit


def _execute(sql, params):
    """Run raw SQL in a savepoint, the constraints checked at once."""
    with transaction.atomic(), connection.cursor() as cursor:
        # PostgreSQL's same-commune keys are deferred to the commit; a test transaction never
        # commits, so it asks for them now (what a commit does).
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(sql, params)


def test_raw_update_of_a_child_naming_another_communes_parent_fails(two_communes):
    own, foreign_unit = two_communes
    table = Cadre._meta.db_table
    with pytest.raises(IntegrityError, match="(?i)foreign key"):
        _execute(f'UPDATE "{table}" SET "unit_id" = %s WHERE "id" = %s', [foreign_unit.pk, own.pk])  # noqa: S608
    own.refresh_from_db()
    assert own.unit.commune_id == own.commune_id


def _in_order(columns, **values):
    return [values[c] for c in columns if c in values]


def test_raw_insert_of_a_child_naming_another_communes_parent_fails(two_communes):
    own, foreign_unit = two_communes
    table = Cadre._meta.db_table
    columns = [f.column for f in Cadre._meta.concrete_fields if f.column != "id"]
    swapped = {"unit_id": "%s", "full_name": "%s"}
    picked = ", ".join(swapped.get(c, f'"{c}"') for c in columns)
    names = ", ".join(f'"{c}"' for c in columns)
    before = Cadre.objects.count()
    copy = f'INSERT INTO "{table}" ({names}) SELECT {picked} FROM "{table}" WHERE "id" = %s'  # noqa: S608
    # A copy of the own person, its unit swapped for the other commune's.
    with pytest.raises(IntegrityError, match="(?i)foreign key"):
        _execute(copy, [*_in_order(columns, unit_id=foreign_unit.pk, full_name="Bản sao"), own.pk])
    assert Cadre.objects.count() == before
    # The same copy within one commune is accepted: the refusal is the commune's, not the SQL's.
    _execute(copy, [*_in_order(columns, unit_id=own.unit_id, full_name="Bản sao"), own.pk])
    assert Cadre.objects.count() == before + 1
