"""The one workflow mechanism: a table of allowed moves, a lock, a transition row, a reason
rule and one error type, shared by every object that has a state.

A workflow is declared once, next to its public verbs::

    ROUNDS = Workflow(
        "round",
        model=Round,
        states=RoundState,
        moves=ALLOWED_MOVES,
        transition=RoundTransition,
        error=NominationError,
        refused=lambda round, to: _("A round that is ...") % {...},
    )

and every change of state goes through `Workflow.move`: in one transaction it locks the
object's row (`select_for_update`; on SQLite the transaction itself is IMMEDIATE, see the
database settings), checks the move against the table (and the reason against
`reason_required`), lets the caller's `prepare` check and change the locked row, saves it and
writes the transition row (who, when, from, to, why). A refusal raises `MoveNotAllowed`, which
is also an instance of the workflow's own error class (so a view catching `NominationError`
still catches it), and changes nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NoReturn

from django.db import models, transaction

from .errors import DomainError
from .text import nfc

Move = tuple[str, str]
Message = Callable[[models.Model, str], str]

_WORKFLOWS: dict[str, Workflow] = {}


class MoveNotAllowed(DomainError):
    """The object's state does not allow this move (or the move lacks its reason). Raised as
    a subclass that is also the workflow's own error class."""


@functools.cache
def refusal_class(error: type[DomainError]) -> type[MoveNotAllowed]:
    """The refused-move error of workflows whose errors are `error`: both a `MoveNotAllowed`
    and an `error`."""
    if issubclass(error, MoveNotAllowed):
        return error
    name = f"{error.__name__.removesuffix('Error')}MoveNotAllowed"
    return type(
        name, (MoveNotAllowed, error), {"__module__": error.__module__, "__doc__": MoveNotAllowed.__doc__}
    )


def _one_line(reason: str) -> str:
    return " ".join((reason or "").split())


def _keep_lines(reason: str) -> str:
    return nfc(reason or "").strip()


@dataclass(frozen=True, eq=False)
class Workflow:
    """One object's workflow. `moves` is the table of (from, to) pairs; `reason_required`
    the moves that must say why; `transition` the model recording each move (None: none is
    kept); `refused` and `reason_missing` build the messages shown to the user; `related` is
    read along with the locked row; `update_fields` limits the save to these fields besides
    `state` (None: the whole row); `keep_lines` keeps a reason's lines (NFC, stripped; otherwise its
    whitespace is folded to single spaces)."""

    name: str
    model: type[models.Model]
    states: type[models.TextChoices]
    moves: frozenset[Move]
    error: type[DomainError]
    refused: Message
    transition: type[models.Model] | None = None
    reason_required: frozenset[Move] = frozenset()
    reason_missing: Message | None = None
    related: tuple[str, ...] = ()
    update_fields: tuple[str, ...] | None = None
    keep_lines: bool = False
    _subject: str = field(init=False, default="")

    def __post_init__(self) -> None:
        unknown = {state for move in self.moves | self.reason_required for state in move} - set(
            self.states.values
        )
        if unknown:
            raise ValueError(f"{self.name}: unknown states in the table: {sorted(unknown)}")
        if not self.reason_required <= self.moves:
            raise ValueError(f"{self.name}: a move that needs a reason is not in the table")
        if self.transition is not None:
            subject = next(
                f.name
                for f in self.transition._meta.get_fields()
                if f.many_to_one and f.related_model is self.model
            )
            object.__setattr__(self, "_subject", subject)
        _WORKFLOWS[self.name] = self

    # ----------------------------------------------------------------------- reading

    def allows(self, from_state: str, to: str) -> bool:
        """Whether the table allows the move."""
        return (from_state, to) in self.moves

    def next_states(self, obj: models.Model) -> list[str]:
        """The states `obj` may move to now, in the order of the states."""
        return [state for state in self.states.values if self.allows(obj.state, state)]

    def needs_reason(self, from_state: str, to: str) -> bool:
        return (from_state, to) in self.reason_required

    def transitions(self, obj: models.Model) -> models.QuerySet:
        """The transition rows of `obj`, oldest first."""
        if self.transition is None:
            return self.model._default_manager.none()
        return self.transition.objects.filter(**{self._subject: obj}).order_by("at", "pk")

    # ----------------------------------------------------------------------- refusing

    def refuse(self, message: str, *, field: str | None = None) -> NoReturn:
        """Raise this workflow's refused-move error."""
        raise refusal_class(self.error)(message, field=field)

    # ----------------------------------------------------------------------- the one door

    def lock(self, obj: models.Model) -> models.Model:
        """`obj`'s row, locked until the end of the transaction, with `related` read along."""
        queryset = self.model._default_manager.select_for_update(of=("self",))
        if self.related:
            queryset = queryset.select_related(*self.related)
        return queryset.get(pk=obj.pk)

    def clean_reason(self, reason: str) -> str:
        return _keep_lines(reason) if self.keep_lines else _one_line(reason)

    def move(
        self,
        obj: models.Model,
        *,
        actor,
        to: str,
        reason: str = "",
        prepare: Callable[[models.Model], None] | None = None,
        also: Iterable[Move] = (),
        fields: Iterable[str] = (),
        locked: bool = False,
    ) -> models.Model:
        """The only place the object's state changes. Locks its row (unless `locked`: the
        caller holds it and `obj` is that row), checks the move against the table (and
        `also`, moves the caller allows besides), checks the reason, lets `prepare` check and
        change the locked row, saves it (`fields`: more fields to save besides the
        workflow's), and writes the transition row. A refusal raises `MoveNotAllowed` (the
        workflow's error) and changes nothing. Returns the locked row; the caller's object is
        brought up to date too."""
        reason = self.clean_reason(reason)
        with transaction.atomic():
            row = obj if locked else self.lock(obj)
            from_state = row.state
            if (from_state, to) not in self.moves | frozenset(also):
                self.refuse(self.refused(row, to))
            if self.needs_reason(from_state, to) and not reason:
                message = self.reason_missing(row, to) if self.reason_missing else self.refused(row, to)
                self.refuse(message, field="reason")
            if prepare is not None:
                prepare(row)
            row.state = to
            if self.update_fields is None:
                row.save()
            else:
                row.save(update_fields=["state", *self.update_fields, *fields])
            if self.transition is not None:
                self.transition.objects.create(
                    **{self._subject: row}, actor=actor, from_state=from_state, to_state=to, reason=reason
                )
        if row is not obj:
            for f in self.model._meta.concrete_fields:
                setattr(obj, f.attname, getattr(row, f.attname))
        return row


def workflows() -> list[Workflow]:
    """Every workflow declared so far (their modules imported), by name."""
    return [_WORKFLOWS[name] for name in sorted(_WORKFLOWS)]
