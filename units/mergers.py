"""Moving a unit or a person into another commune of the same city (a merger).

The rows that belong to what moves follow it: every tenant row whose same-commune foreign key
(`tenancy.guarded_keys`) names a moved row moves too (a unit's sub-units, people, ratings,
memberships, results...; a person's assignments, ratings, transfer requests...). History the
old commune recorded about them (awards, nominations, council seats: the fields their models
list in `tenant_crossing`) stays in the old commune's registry and still names them.

A move is refused, nothing changed, when the target already holds a clashing row (a unit of
the same name, a person of the same name and date of birth) or when a moving row also belongs
to a list of the old commune that stays (a unit's registration in the old commune's movement).
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from auditlog.models import LogEntry
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from thiduaportal import tenancy
from thiduaportal.text import name_key

from .communes import CommuneRefused
from .models import Assignment, Cadre, Commune, Membership, Unit, User

Moving = dict[type[models.Model], list[int]]


def move_unit(unit: Unit, *, to: Commune, actor) -> int:
    """Move `unit` (with its sub-units and everything that belongs to them) into commune `to`
    of the same city; the unit leaves its parent body. Returns the number of rows moved."""
    with tenancy.everywhere(), transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        source = Commune.objects.get(pk=unit.commune_id)
        _check_target(source, to)
        moving = _closure(Unit, [unit.pk])
        _refuse_split(moving, root=(Unit, unit.pk), allowed={"parent"}, source=source)
        _refuse_clashes(moving, to)
        Unit._base_manager.filter(pk=unit.pk).update(parent=None)
        moved = _update(moving, to)
        User.objects.filter(memberships__unit_id__in=moving[Unit]).update(commune=to)
        _log(unit, source, to, actor)
        return moved


def move_cadre(cadre: Cadre, *, to_unit: Unit, on: datetime.date, actor, position: str = "") -> int:
    """Move one person into `to_unit` of another commune of the same city from `on`: their
    current assignment ends the day before, a new one opens in `to_unit`. Returns the rows moved."""
    with tenancy.everywhere(), transaction.atomic():
        cadre = Cadre.objects.select_for_update().get(pk=cadre.pk)
        source = Commune.objects.get(pk=cadre.commune_id)
        to = Commune.objects.get(pk=to_unit.commune_id)
        _check_target(source, to)
        if not to_unit.is_active:
            raise CommuneRefused(_("“%(name)s” is archived.") % {"name": to_unit.name})
        current = cadre.assignments.filter(end_date__isnull=True).first()
        if current and on <= current.start_date:
            raise CommuneRefused(
                _("The move must be dated after %(date)s, when the current assignment began.")
                % {"date": current.start_date.strftime("%d/%m/%Y")}
            )
        moving = _closure(Cadre, [cadre.pk])
        _refuse_split(moving, root=(Cadre, cadre.pk), allowed={"unit"}, source=source)
        _refuse_clashes(moving, to)
        Cadre._base_manager.filter(pk=cadre.pk).update(
            commune=to, unit=to_unit, position=position or cadre.position
        )
        moving[Cadre] = []
        moved = 1 + _update(moving, to)
        if current:
            Assignment._base_manager.filter(pk=current.pk).update(end_date=on - datetime.timedelta(days=1))
        Assignment.objects.create(
            cadre_id=cadre.pk, unit=to_unit, position=position or cadre.position, start_date=on, commune=to
        )
        _log(cadre, source, to, actor)
        return moved


def _check_target(source: Commune, to: Commune) -> None:
    if to.pk == source.pk:
        raise CommuneRefused(_("The target is the commune it already belongs to."))
    if to.is_city or to.parent_id != source.parent_id:
        raise CommuneRefused(
            _("%(name)s is not a commune of the same city as %(source)s.")
            % {"name": to.name, "source": source.name}
        )
    if to.archived_at is not None:
        raise CommuneRefused(_("%(name)s is archived.") % {"name": to.name})


def _closure(model: type[models.Model], ids: list[int]) -> Moving:
    """Every tenant row that must follow these rows into another commune, by model, in the
    order found (parents before the rows that name them)."""
    keys = list(tenancy.guarded_keys())
    moving: Moving = defaultdict(list)
    moving[model].extend(ids)
    seen = {(model, pk) for pk in ids}
    frontier = [(model, ids)]
    while frontier:
        parent, parent_ids = frontier.pop(0)
        for child, field in keys:
            if field.related_model is not parent:
                continue
            found = [
                pk
                for pk in child._base_manager.filter(**{f"{field.name}__in": parent_ids})
                .order_by("pk")
                .values_list("pk", flat=True)
                if (child, pk) not in seen
            ]
            if found:
                seen.update((child, pk) for pk in found)
                moving[child].extend(found)
                frontier.append((child, found))
    return moving


def _refuse_split(moving: Moving, *, root: tuple, allowed: set[str], source: Commune) -> None:
    """Refuse when a moving row also names a row that stays (the old commune's movement, round
    or sheet): moving it would break that list, leaving it would break the moved one."""
    held: dict[str, int] = {}
    for model, ids in moving.items():
        for child, field in tenancy.guarded_keys():
            if child is not model or (model is root[0] and field.name in allowed):
                continue
            staying = set(moving.get(field.related_model, ()))
            rows = model._base_manager.filter(pk__in=ids, **{f"{field.name}__isnull": False})
            count = rows.exclude(**{f"{field.name}__in": staying}).count() if staying else rows.count()
            if count:
                name = str(model._meta.verbose_name_plural)
                held[name] = held.get(name, 0) + count
    if held:
        listed = ", ".join(f"{name} ({count})" for name, count in sorted(held.items()))
        raise CommuneRefused(
            _(
                "It cannot be moved: these records also belong to lists of %(source)s that stay there: "
                "%(listed)s. Close or remove them first."
            )
            % {"source": source.name, "listed": listed}
        )


def _refuse_clashes(moving: Moving, to: Commune) -> None:
    """Refuse when the target commune already holds a row that a moving row would duplicate."""
    for row in Unit._base_manager.filter(pk__in=moving.get(Unit, ())):
        if Unit._base_manager.filter(commune=to, search_name=row.search_name).exists():
            raise CommuneRefused(
                _("%(target)s already has a unit named “%(name)s”; nothing was moved.")
                % {"target": to.name, "name": row.name}
            )
    cadres = Cadre._base_manager.filter(pk__in=moving.get(Cadre, ()))
    there = {
        (name_key(name), born)
        for name, born in Cadre._base_manager.filter(
            commune=to, date_of_birth__in=cadres.values("date_of_birth")
        ).values_list("full_name", "date_of_birth")
    }
    for row in cadres:
        if (name_key(row.full_name), row.date_of_birth) in there:
            raise CommuneRefused(
                _("%(name)s, born %(date)s, is already in the list of %(target)s; nothing was moved.")
                % {"name": row.full_name, "date": row.date_of_birth.strftime("%d/%m/%Y"), "target": to.name}
            )
    for model, ids in moving.items():
        for constraint in model._meta.constraints:
            fields = list(getattr(constraint, "fields", ()))
            if not isinstance(constraint, models.UniqueConstraint) or tenancy.DIMENSION not in fields:
                continue
            others = [f for f in fields if f != tenancy.DIMENSION]
            condition = constraint.condition or Q()
            rows = model._base_manager.filter(condition, pk__in=ids).values_list(*others)
            for values in rows:
                if model._base_manager.filter(
                    condition, commune=to, **dict(zip(others, values, strict=True))
                ).exists():
                    raise CommuneRefused(
                        _("%(target)s already holds a %(kind)s like one being moved; nothing was moved.")
                        % {"target": to.name, "kind": model._meta.verbose_name}
                    )


def _update(moving: Moving, to: Commune) -> int:
    """Set the commune of every moving row, parents first (SQLite checks each row as it
    changes; PostgreSQL checks at commit). A table that names itself (a unit's sub-units)
    changes row by row, in the order found."""
    moved = 0
    for model in _parents_first(moving):
        ids = moving[model]
        if any(f.related_model is model for _m, f in tenancy.guarded_keys() if _m is model):
            for pk in ids:
                moved += model._base_manager.filter(pk=pk).update(commune=to)
        elif ids:
            moved += model._base_manager.filter(pk__in=ids).update(commune=to)
    return moved


def _parents_first(moving: Moving) -> list[type[models.Model]]:
    keys = list(tenancy.guarded_keys())
    todo, done = list(moving), []
    while todo:
        for model in todo:
            parents = {f.related_model for m, f in keys if m is model and f.related_model is not model}
            if not parents & set(todo):
                done.append(model)
                todo.remove(model)
                break
        else:  # a cycle between two tables: PostgreSQL checks at commit, SQLite refuses
            done.extend(todo)
            break
    return done


def _log(obj: models.Model, source: Commune, to: Commune, actor) -> None:
    """An entry in both communes' audit logs: who moved what from where to where."""
    changes = {"commune": [source.name, to.name]}
    for commune in (source, to):
        LogEntry.objects.log_create(
            obj,
            force_log=True,
            action=LogEntry.Action.UPDATE,
            changes=changes,
            actor=actor,
            additional_data={tenancy.DIMENSION: commune.pk},
        )


__all__ = ["move_cadre", "move_unit", "Membership"]
