"""Rows created in bulk, with the audit entries their one-by-one saves would have written;
the labels the audit log shows for a JSON field's coded values (`label_values`).

django-auditlog writes an entry from the `post_save` signal of each row, which
`QuerySet.bulk_create` does not send. `bulk_create_audited` inserts the rows a batch at a
time and then the entries a batch at a time, built as auditlog builds them for a create
(the same changes, object text, correlation id) under the actor and address of the audit
context (`auditlog.context.set_actor` / `set_extra_data`, e.g. an import run as its clerk).
The model's own `save()` is not called: the caller prepares each row first (e.g.
`Cadre.prepare()`), so that the stored values are those a save would store.

On PostgreSQL the rows and their entries are streamed with COPY (`copy_insert`) instead of
INSERTs: the primary keys are taken from the table's sequence first, so the entries can name
their rows. It is one statement per table, inside the caller's transaction, and a constraint
it breaks raises Django's `IntegrityError` as an INSERT would.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from auditlog.cid import get_cid
from auditlog.context import auditlog_disabled, auditlog_value
from auditlog.diff import get_field_value, get_fields_in_model, get_mask_function, is_primitive
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connections, models, router
from django.utils.encoding import smart_str
from psycopg import sql

from thiduaportal import tenancy

M = TypeVar("M", bound=models.Model)

BATCH = 1000

# (model label, field name) -> code -> label, for the audit page (thiduaportal.views.audit).
VALUE_LABELS: dict[tuple[str, str], Mapping[str, str]] = {}


def label_values(model: str, field: str, labels: Mapping[str, str]) -> None:
    """Show the codes a model's JSON field holds (a list of codes, or a dict keyed by them)
    by their labels in the audit log: the printer's pre-printed lines are "Quốc hiệu; Tiêu
    ngữ", not "nation; motto". An app registers its fields in `ready()`."""
    VALUE_LABELS[(model, field)] = labels


# (model label, field name) -> key -> code -> label: the codes a JSON field holds as the
# values of some of its keys ("kind": "revoke" is shown "Thu hồi").
KEYED_VALUE_LABELS: dict[tuple[str, str], Mapping[str, Mapping[str, str]]] = {}


def label_keyed_values(model: str, field: str, labels: Mapping[str, Mapping[str, str]]) -> None:
    """Show the codes a model's JSON field holds under the given keys, at any depth, by their
    labels in the audit log: a decision's frozen content says "Loại: Thu hồi", not "revoke".
    An app registers its fields in `ready()`."""
    KEYED_VALUE_LABELS[(model, field)] = labels


def bulk_create_audited(objs: Sequence[M], *, batch_size: int = BATCH) -> list[M]:
    """Insert `objs` (all of one model, primary keys returned) and one audit entry each."""
    if not objs:
        return []
    model = type(objs[0])
    if hasattr(model, "tenant_parent"):  # COPY skips the tenant manager's bulk_create
        tenancy.fill_communes(model, list(objs))
    created = _insert(model, objs, batch_size=batch_size)
    if auditlog.contains(model) and not auditlog_disabled.get(False):
        entries = _CreateEntries(model)
        _insert(LogEntry, [entries.entry(obj) for obj in created], batch_size=batch_size)
    return created


def _insert(model: type[M], objs: Sequence[M], *, batch_size: int) -> list[M]:
    connection = connections[router.db_for_write(model)]
    if connection.vendor == "postgresql" and not model._meta.parents:
        return copy_insert(objs, using=connection.alias)
    return model.objects.bulk_create(objs, batch_size=batch_size)


def copy_insert(objs: Sequence[M], *, using: str) -> list[M]:
    """PostgreSQL: insert `objs` (one model, no parent tables) with one COPY, as
    `bulk_create` would store them (each field's `pre_save` and database value), primary
    keys taken from the table's sequence beforehand. Sends no signals; returns `objs`."""
    if not objs:
        return list(objs)
    connection = connections[using]
    meta = type(objs[0])._meta
    fields = meta.local_concrete_fields
    table = sql.Identifier(meta.db_table)
    columns = sql.SQL(", ").join(sql.Identifier(f.column) for f in fields)
    with connection.wrap_database_errors, connection.cursor() as cursor:
        missing = [obj for obj in objs if obj.pk is None]
        if missing:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(missing)],
            )
            for obj, (pk,) in zip(missing, cursor.fetchall(), strict=True):
                obj.pk = pk
        with cursor.copy(sql.SQL("COPY {} ({}) FROM STDIN").format(table, columns)) as copy:
            for obj in objs:
                copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])
    for obj in objs:
        obj._state.adding, obj._state.db = False, using
    return list(objs)


class _CreateEntries:
    """Builds the entry auditlog's `log_create` receiver would write for a row of `model`
    just created: `auditlog.diff.model_instance_diff(None, row)` field by field, with what
    is the same for every row (the fields tracked, their "before" values, the content type,
    the correlation id, the audit context) worked out once."""

    def __init__(self, model: type[models.Model]):
        self.json = settings.AUDITLOG_STORE_JSON_CHANGES
        self.content_type = ContentType.objects.get_for_model(model)
        self.cid = get_cid()
        # The fields model_instance_diff compares for a create, in its order.
        fields = set(get_fields_in_model(model()))
        options = auditlog.get_model_fields(model)
        if options["include_fields"]:
            fields = [f for f in fields if f.name in options["include_fields"]]
        if options["exclude_fields"]:
            fields = [f for f in fields if f.name not in options["exclude_fields"]]
        self.masked = set(options["mask_fields"])
        self.mask = get_mask_function(options.get("mask_callable")) if self.masked else None
        # auditlog compares reverse relations too; for a new row each one reads as its empty
        # manager ("units.Assignment.None"), the same text for every row: read once.
        self.fields = [f for f in fields if f.concrete]
        self.constant = [f for f in fields if not f.concrete]
        self.constant_values: dict[str, Any] | None = None
        # The "before" side of a create: auditlog reads each field of no object (None),
        # which falls back to its "no default" value whatever the field's default is, the
        # same for every row: read once.
        self.before = {f.name: get_field_value(None, f, self.json) for f in (*self.fields, *self.constant)}
        # What auditlog's pre_save receiver copies from the audit context onto each entry.
        context = auditlog_value.get({})
        actor = context.get("actor")
        self.actor = actor if isinstance(actor, get_user_model()) else None
        self.extra = {
            key: value
            for key, value in context.items()
            if key not in ("actor", "signal_duid") and hasattr(LogEntry, key)
        }

    def changes(self, obj: models.Model) -> dict | None:
        if self.constant_values is None:
            self.constant_values = {f.name: get_field_value(obj, f, self.json) for f in self.constant}
        diff = {}
        for field in self.constant:
            self._compare(diff, field, self.before[field.name], self.constant_values[field.name])
        for field in self.fields:
            self._compare(diff, field, self.before[field.name], get_field_value(obj, field, self.json))
        return diff or None

    def _compare(self, diff: dict, field, old, new) -> None:
        """model_instance_diff's rule for one field."""
        if old != new:
            if field.name in self.masked:
                diff[field.name] = (self.mask(smart_str(old)), self.mask(smart_str(new)))
            elif not self.json:
                diff[field.name] = (smart_str(old), smart_str(new))
            else:
                diff[field.name] = (
                    old if is_primitive(old) else smart_str(old),
                    new if is_primitive(new) else smart_str(new),
                )

    def entry(self, obj: models.Model) -> LogEntry:
        entry = LogEntry(
            content_type=self.content_type,
            object_pk=obj.pk,
            object_id=obj.pk if isinstance(obj.pk, int) else None,
            object_repr=smart_str(obj),
            # auditlog's own helper (a manager method), so serialisation stays its rules.
            serialized_data=LogEntry.objects._get_serialized_data_or_none(obj),
            action=LogEntry.Action.CREATE,
            changes=self.changes(obj),
            cid=self.cid,
        )
        get_additional_data = getattr(obj, "get_additional_data", None)
        if callable(get_additional_data):
            entry.additional_data = get_additional_data()
        if self.actor is not None:
            entry.actor, entry.actor_email = self.actor, getattr(self.actor, "email", None)
        for key, value in self.extra.items():
            setattr(entry, key, value() if callable(value) else value)
        return entry
