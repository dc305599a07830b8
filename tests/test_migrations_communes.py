"""A database of the portal before communes became tenants (one commune, no `commune` column)
migrates forward with every row attached to its commune: every tenant row, the users with a
role, the old audit-log entries; and the same-commune constraints are in place."""

import datetime
import decimal
import uuid

import pytest
from auditlog.models import LogEntry
from django.apps import apps as global_apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.migrations.executor import MigrationExecutor

from thiduaportal import tenancy

# What databases made by the portal before communes as tenants are at.
BEFORE = [
    ("units", "0006_ballot_and_transfer_labels"),
    ("campaigns", "0003_vietnamese_verbose_names"),
    ("nominations", "0007_vietnamese_verbose_names"),
    ("council", "0006_ballot_and_transfer_labels"),
    ("awards", "0007_counter_confirmation_labels"),
    ("thiduaportal", "0005_vietnamese_verbose_names"),
]
OURS = {app for app, _ in BEFORE}


def _drop_same_commune_constraints():
    """The schema of the portal before communes had no same-commune constraints: they go
    first (a SQLite trigger naming a table the way back rebuilds would stop the migration)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT conrelid::regclass::text, conname FROM pg_constraint WHERE conname LIKE 'tenant_%%'"
            )
            for table, name in cursor.fetchall():
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'tenant_%%'")
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'tenant_%'")
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER "{name}"')


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _value(field, serial):
    """A valid value for a required field of a historical model (one row per model)."""
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.UUIDField):
        return uuid.uuid4()
    if isinstance(field, models.EmailField):
        return f"a{serial}@anbinh.example.vn"
    if isinstance(field, models.FileField):
        return f"old/file-{serial}.pdf"
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.DecimalField):
        return decimal.Decimal(1)
    if isinstance(field, models.DateTimeField):
        return datetime.datetime(2025, 6, 1, 8, tzinfo=datetime.UTC)
    if isinstance(field, models.DateField):
        return datetime.date(2025, 6, 1)
    if isinstance(field, models.DurationField):
        return datetime.timedelta(days=1)
    if isinstance(field, models.IntegerField | models.FloatField):
        return 1
    if isinstance(field, models.CharField | models.TextField):
        return f"Cũ {serial}"[: field.max_length or 100]
    raise AssertionError(f"no value for {field.model.__name__}.{field.name} ({type(field).__name__})")


# Rows whose check constraints need more than the first choice and the required fields.
OVERRIDES = {
    "nominations.Round": lambda made: {"kind": "adhoc"},
    "nominations.Nomination": lambda made: {"subject_unit": made["units.Unit"]},
    "awards.Award": lambda made: {"unit": made["units.Unit"]},
}
NEEDS = {"nominations.Nomination": {"units.Unit"}, "awards.Award": {"units.Unit"}}


def _fill(old_apps):
    """One row of every model of our apps, through the historical models, parents first."""
    todo = [m for m in old_apps.get_models() if m._meta.app_label in OURS]
    made = {}
    serial = 0
    while todo:
        progress = False
        for model in list(todo):
            needs = [
                f
                for f in model._meta.concrete_fields
                if f.is_relation and not f.null and f.related_model is not model
            ]
            if any(
                f.related_model._meta.label not in made and f.related_model._meta.app_label in OURS
                for f in needs
            ):
                continue
            serial += 1
            values = {}
            for field in model._meta.concrete_fields:
                if field.primary_key and (field.has_default() or isinstance(field, models.AutoField)):
                    continue
                if field.is_relation:
                    if field.null:
                        continue
                    related = made.get(field.related_model._meta.label)
                    if related is None:
                        related = field.related_model._default_manager.order_by("pk").first()
                    values[field.name] = related
                elif (
                    field.null
                    or field.has_default()
                    or getattr(field, "auto_now", False)
                    or getattr(field, "auto_now_add", False)
                    or field.blank
                    and isinstance(field, models.CharField | models.TextField)
                ):
                    continue
                else:
                    values[field.name] = _value(field, serial)
            values.update(OVERRIDES.get(model._meta.label, lambda made: {})(made))
            made[model._meta.label] = model._default_manager.create(**values)
            todo.remove(model)
            progress = True
        assert progress, f"cannot order {[m._meta.label for m in todo]}"
    return made


@pytest.mark.django_db(transaction=True)
def test_a_database_of_one_commune_migrates_with_every_row_attached_to_it():
    try:
        _drop_same_commune_constraints()
        old_apps = _migrate(BEFORE)
        commune_model = old_apps.get_model("units", "Commune")
        assert "commune_id" not in {
            f.column for f in old_apps.get_model("units", "Unit")._meta.concrete_fields
        }
        old_apps.get_model("units", "Commune").objects.all().delete()
        commune = commune_model.objects.create(name="xã An Bình", place_name="An Bình", authority_name="UBND")
        made = _fill(old_apps)
        user = made["units.User"]
        membership = made["units.Membership"]
        assert membership.user_id == user.pk
        # The audit log's app is not migrated back: its table is today's.
        entry = LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(global_apps.get_model("units", "Cadre")),
            object_pk=str(made["units.Cadre"].pk),
            object_repr="Cũ",
            action=LogEntry.Action.CREATE,
            changes={"full_name": ["None", "Cũ"]},
        )
        assert entry.additional_data is None
        counts = {label: type(row)._default_manager.count() for label, row in made.items()}
        before_labels = {model._meta.label for model in old_apps.get_models()}
    finally:
        _migrate(_latest())
        tenancy.install_constraints()

    tenants = tenancy.tenant_models()
    filled = 0
    with tenancy.everywhere():
        for model in tenants:
            if model._meta.label not in counts:
                continue
            rows = model._base_manager.all()
            assert rows.count() == counts[model._meta.label], model._meta.label
            assert set(rows.values_list("commune_id", flat=True)) == {commune.pk}, model._meta.label
            filled += 1
        # Every tenant table of that time had a row before the migration (later tables are new).
        assert filled == len([model for model in tenants if model._meta.label in before_labels])
        user_model = global_apps.get_model("units", "User")
        assert user_model.objects.get(pk=user.pk).commune_id == commune.pk
        assert LogEntry.objects.get(pk=entry.pk).additional_data["commune"] == commune.pk
        assert global_apps.get_model("units", "Commune").objects.get(pk=commune.pk).code == "an-binh"
    _assert_same_commune_constraints()


def _assert_same_commune_constraints():
    expected = list(tenancy.guarded_keys())
    assert len(expected) > 50
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT conname FROM pg_constraint WHERE conname LIKE 'tenant_%%' AND contype = 'f'"
            )
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'tenant_%'")
        names = {row[0] for row in cursor.fetchall()}
    for model, field in expected:
        child = model._meta.db_table
        wanted = (
            [tenancy._name(child, field.column)]
            if connection.vendor == "postgresql"
            else [tenancy._name(child, field.column, event) for event in ("INSERT", "UPDATE")]
        )
        assert set(wanted) <= names, f"{child}.{field.column} has no same-commune constraint"
