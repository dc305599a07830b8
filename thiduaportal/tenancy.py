"""Communes as tenants on one schema.

Every row of a commune's data carries `commune` (`TenantModel`). A request runs inside the
scope of the signed-in user's commune (`TenantMiddleware`), and every tenant model's default
manager is django-scopes' `ScopedManager`, so every query of the request, related managers
included, sees that commune's rows only: another commune's unit, person, round or decision is
not found (404), not counted, not listed. Background jobs run in the scope of their owner's
commune (`thiduaportal.jobs.run`).

Outside any scope (management commands, the Celery worker between jobs, tests that call
services directly) queries see every commune: those callers are trusted and name their
objects. `everywhere()` says so explicitly inside a request (the public verification page
looks a code up in every commune's registry).

The database backs the rule: `install_constraints` (run after every `migrate`) adds, for each
foreign key from a tenant row to another tenant row, a constraint that both rows name the same
commune: a composite foreign key `(fk, commune_id) -> parent (id, commune_id)` on PostgreSQL,
triggers on SQLite. A row can only reference another commune's row through a field its model
lists in `tenant_crossing` (history that follows a person or unit moved to another commune).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import ClassVar

from django.apps import apps
from django.db import connections, models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager, scope, scopes_disabled
from django_scopes.state import get_scope

DIMENSION = "commune"


@contextmanager
def within(commune) -> Iterator[None]:
    """Queries inside see `commune`'s rows only (a Commune or its id; None: no commune's)."""
    commune_id = getattr(commune, "pk", commune)
    ids = [commune_id] if commune_id is not None else []
    with scope(**{DIMENSION: ids, "_commune": commune if hasattr(commune, "pk") else None}):
        yield


def everywhere():
    """Queries inside see every commune's rows (a trusted lookup such as a verification code)."""
    return scopes_disabled()


def active_ids() -> list[int] | None:
    """The communes the current scope sees; None outside a scope (every commune)."""
    current = get_scope()
    if not current.get("_enabled", True) or DIMENSION not in current:
        return None
    return list(current[DIMENSION])


def active_commune():
    """The Commune object the current scope was opened with, if any."""
    return get_scope().get("_commune") if active_ids() is not None else None


def _manager_class(queryset: type[models.QuerySet] | None) -> type[models.Manager]:
    base = TenantManagerBase.from_queryset(queryset) if queryset else TenantManagerBase
    scoped = type(ScopedManager(_manager_class=base, **{DIMENSION: DIMENSION}))

    class TenantManager(scoped):
        def get_queryset(self):
            if not hasattr(self, "_override_scope") and DIMENSION not in get_scope():
                # Outside every commune's scope: a command, a worker, a test.
                return base.get_queryset(self)
            return super().get_queryset()

    TenantManager.__name__ = f"Tenant{base.__name__}"
    return TenantManager


def manager(queryset: type[models.QuerySet] | None = None) -> models.Manager:
    """The default manager of a tenant model, with its own QuerySet's methods."""
    return _manager_class(queryset)()


class TenantManagerBase(models.Manager):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        fill_communes(self.model, objs)
        return super().bulk_create(objs, *args, **kwargs)


class TenantModel(models.Model):
    """A row of one commune's data."""

    commune = models.ForeignKey(
        "units.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    # The foreign keys, in order, whose row's commune a new row takes when none is given;
    # empty: the scope's commune (or the only commune).
    tenant_parent: ClassVar[tuple[str, ...]] = ()
    # Foreign keys that may point into another commune (history kept after a move).
    tenant_crossing: ClassVar[tuple[str, ...]] = ()

    objects = manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.commune_id is None:
            fill_communes(type(self), [self])
        super().save(*args, **kwargs)

    def get_additional_data(self) -> dict:
        """Stored with each audit-log entry of the row, so the log is read per commune."""
        return {DIMENSION: self.commune_id}


def default_commune_id() -> int:
    """The commune a new root row belongs to: the scope's, else the only (first) commune of
    the install, made blank when there is none yet (a new install fills it in Settings)."""
    ids = active_ids()
    if ids:
        return ids[0]
    commune_model = apps.get_model("units", "Commune")
    with everywhere():
        first = commune_model.objects.lone()
        if first is None:
            first = commune_model.objects.create(name="", place_name="", authority_name="")
    return first.pk


def fill_communes(model: type[models.Model], objs: list[models.Model]) -> None:
    """Give each row without a commune the commune of its first tenant parent that is set."""
    missing = [obj for obj in objs if obj.commune_id is None]
    if not missing:
        return
    for name in getattr(model, "tenant_parent", ()):
        field = model._meta.get_field(name)
        wanted = {}
        for obj in missing:
            if field.is_cached(obj) and getattr(obj, name) is not None:
                obj.commune_id = getattr(obj, name).commune_id
            else:
                parent_id = getattr(obj, field.attname)
                if parent_id is not None:
                    wanted.setdefault(parent_id, []).append(obj)
        if wanted:
            related = field.related_model
            with everywhere():
                found = dict(
                    related._base_manager.filter(pk__in=list(wanted)).values_list("pk", "commune_id")
                )
            for parent_id, children in wanted.items():
                for obj in children:
                    obj.commune_id = found.get(parent_id)
        missing = [obj for obj in missing if obj.commune_id is None]
        if not missing:
            return
    default = default_commune_id()
    for obj in missing:
        obj.commune_id = default


def tenant_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if any(field.name == DIMENSION and field.is_relation for field in model._meta.concrete_fields)
        and model._meta.label != "units.Commune"
    ]


def guarded_keys() -> Iterator[tuple[type[models.Model], models.ForeignKey]]:
    """Each foreign key from a tenant model to a tenant model that must stay in one commune."""
    tenants = set(tenant_models())
    for model in sorted(tenants, key=lambda m: m._meta.label):
        crossing = set(getattr(model, "tenant_crossing", ()))
        for field in model._meta.concrete_fields:
            if (
                field.is_relation
                and field.many_to_one
                and field.name != DIMENSION
                and field.name not in crossing
                and field.related_model in tenants
                and getattr(field.related_model, "tenant_parent", None) is not None
            ):
                yield model, field


def _name(*parts: str) -> str:
    digest = hashlib.sha1("_".join(parts).encode(), usedforsecurity=False).hexdigest()[:10]
    return f"tenant_{parts[0][:30]}_{digest}"


def install_constraints(using: str = "default") -> int:
    """Add the same-commune constraints that are missing; the number added. Idempotent, so it
    runs after every migrate (a migration that rebuilds a SQLite table drops its triggers)."""
    connection = connections[using]
    added = 0
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        columns = {}

        def has_commune(table):
            if table not in columns:
                described = connection.introspection.get_table_description(cursor, table)
                columns[table] = any(column.name == "commune_id" for column in described)
            return columns[table]

        for model, field in guarded_keys():
            child, parent = model._meta.db_table, field.related_model._meta.db_table
            if (
                child not in tables
                or parent not in tables
                or not (has_commune(child) and has_commune(parent))
            ):
                continue
            column = field.column
            parent_pk = field.related_model._meta.pk.column
            if connection.vendor == "postgresql":
                added += _postgres(cursor, child, column, parent, parent_pk)
            elif connection.vendor == "sqlite":
                added += _sqlite(cursor, child, column, parent, parent_pk)
    return added


def drop_constraints(using: str = "default") -> None:
    """Remove the same-commune constraints before migrations run: a migration that rebuilds a
    SQLite table, or drops a column on PostgreSQL, would trip over them. `install_constraints`
    puts them back after."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT conrelid::regclass::text, conname FROM pg_constraint "
                "WHERE contype = 'f' AND conname LIKE 'tenant\\_%%'"
            )
            for table, name in cursor.fetchall():
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT IF EXISTS "{name}"')
            cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'tenant\\_%%'")
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'tenant\\_%' ESCAPE '\\'"
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


def _postgres(cursor, child: str, column: str, parent: str, parent_pk: str) -> int:
    key = _name(parent, "key")
    cursor.execute(f'CREATE UNIQUE INDEX IF NOT EXISTS "{key}" ON "{parent}" ("{parent_pk}", "commune_id")')
    name = _name(child, column)
    cursor.execute("SELECT 1 FROM pg_constraint WHERE conname = %s", [name])
    if cursor.fetchone():
        return 0
    cursor.execute(
        f'ALTER TABLE "{child}" ADD CONSTRAINT "{name}" FOREIGN KEY ("{column}", "commune_id") '
        f'REFERENCES "{parent}" ("{parent_pk}", "commune_id") DEFERRABLE INITIALLY DEFERRED'
    )
    return 1


def _sqlite(cursor, child: str, column: str, parent: str, parent_pk: str) -> int:
    added = 0
    for event in ("INSERT", f'UPDATE OF "{column}", "commune_id"'):
        name = _name(child, column, event.split()[0])
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = %s", [name])
        if cursor.fetchone():
            continue
        # The names come from the models' metadata, never from input.
        body = (
            f'WHEN NEW."{column}" IS NOT NULL AND NEW."commune_id" IS NOT '
            f'(SELECT "commune_id" FROM "{parent}" WHERE "{parent_pk}" = NEW."{column}") '
            f"BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: {child}.{column} names a row of "
            f"another commune'); END"
        )
        cursor.execute(f'CREATE TRIGGER "{name}" BEFORE {event} ON "{child}" {body}')
        added += 1
    return added


def attach_to_commune(app_label: str):
    """A migration step: every row of the app's tenant tables that names no commune yet
    belongs to the install's commune (a portal made for one commune has exactly one; the
    first is taken otherwise, and a blank one is made if rows exist and no commune does)."""
    from django.db import migrations  # noqa: PLC0415

    def forward(apps_, schema_editor):
        commune_model = apps_.get_model("units", "Commune")
        todo = [
            model
            for model in apps_.get_app_config(app_label).get_models()
            if model._meta.label_lower not in ("units.commune", "units.user")
            and any(field.name == DIMENSION for field in model._meta.concrete_fields)
        ]
        pending = [model for model in todo if model._base_manager.filter(commune__isnull=True).exists()]
        user_model = apps_.get_model("units", "User") if app_label == "units" else None
        if not pending and user_model is None:
            return
        commune = commune_model.objects.exclude(kind="city").order_by("pk").first()
        if commune is None:
            if not pending:
                return
            commune = commune_model.objects.create(name="", place_name="", authority_name="")
        if app_label == "units" and not commune.code and commune.place_name:
            from django.utils.text import slugify  # noqa: PLC0415

            from thiduaportal.text import fold  # noqa: PLC0415

            commune.code = slugify(fold(commune.place_name))[:40]
            commune.save(update_fields=["code"])
        for model in pending:
            model._base_manager.filter(commune__isnull=True).update(commune=commune)
        if user_model is not None:
            user_model._base_manager.filter(commune__isnull=True, memberships__isnull=False).update(
                commune=commune
            )

    return migrations.RunPython(forward, migrations.RunPython.noop, elidable=False)
