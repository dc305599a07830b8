"""Every workflow walked from its own table: each allowed move works and writes its
transition row, each other pair of states is refused with `MoveNotAllowed` and changes
nothing, and each move that needs a reason is refused without one.

The cases are built from the tables declared with `thiduaportal.workflow.Workflow`; the
only thing said here per workflow is how to make an object in a given state."""

import importlib
import itertools

import pytest
from django.utils import translation

from awards.models import Decision
from awards.services.decisions import drafting
from campaigns.models import CouncilLevel
from nominations.models import RoundState
from nominations.services import NominationError
from tests.factories import TransferRequestFactory, UnitFactory, UserFactory
from tests.factories.campaigns import InitiativeFactory, RegistrationFactory
from tests.factories.city import CitySubmissionFactory
from tests.factories.council import AgendaItemFactory, CouncilSessionFactory
from tests.factories.decisions import ISSUED_ON, adhoc_shortlist
from tests.factories.nominations import NominationFactory, RoundFactory
from thiduaportal.errors import DomainError
from thiduaportal.workflow import MoveNotAllowed, Workflow, workflows

# The service modules that declare the workflows walked here.
for module in (
    "awards.services.city",
    "awards.services.decisions.issuing",
    "campaigns.services.initiatives",
    "campaigns.services.registration",
    "council.services.sessions",
    "council.services.voting",
    "nominations.services.rounds",
    "nominations.services.workflow",
    "units.services",
):
    importlib.import_module(module)

pytestmark = pytest.mark.django_db
_numbers = itertools.count(1)


def _decision(state: str) -> Decision:
    decision = drafting.draft_decision(adhoc_shortlist(collectives=0, individuals=1), actor=UserFactory())
    # An issued decision carries its number and date (a constraint says so); the walk
    # checks the table, not the numbering, so a draft gets them up front.
    Decision.objects.filter(pk=decision.pk).update(
        state=state, number=next(_numbers), year=ISSUED_ON.year, issued_on=ISSUED_ON
    )
    return Decision.objects.get(pk=decision.pk)


def _initiative(state: str):
    # A recognised initiative names its council's decision (a constraint says so); the
    # outcome is recorded up front for the same reason as the decision's number.
    return InitiativeFactory(
        owner_unit=UnitFactory(),
        state=state,
        council_level=CouncilLevel.COMMUNE,
        decision_number="12/QĐ-HĐSK",
        decision_date=ISSUED_ON,
    )


MAKERS = {
    "city submission": lambda state: CitySubmissionFactory(state=state),
    "initiative": _initiative,
    "registration": lambda state: RegistrationFactory(state=state),
    "agenda item": lambda state: AgendaItemFactory(state=state),
    "council session": lambda state: CouncilSessionFactory(state=state),
    "decision": _decision,
    "nomination": lambda state: NominationFactory(state=state, version=1),
    "round": lambda state: RoundFactory(state=state),
    "transfer request": lambda state: TransferRequestFactory(state=state),
}
WORKFLOWS = {workflow.name: workflow for workflow in workflows()}


def _pairs():
    for workflow in WORKFLOWS.values():
        for from_state, to in itertools.product(workflow.states.values, repeat=2):
            yield pytest.param(workflow.name, from_state, to, id=f"{workflow.name}:{from_state}->{to}")


def _reasoned():
    for workflow in WORKFLOWS.values():
        for from_state, to in sorted(workflow.reason_required):
            yield pytest.param(workflow.name, from_state, to, id=f"{workflow.name}:{from_state}->{to}")


def _count(workflow: Workflow, obj) -> int:
    return workflow.transitions(obj).count()


def test_every_workflow_is_declared_and_walked():
    assert sorted(WORKFLOWS) == sorted(MAKERS)
    assert [name for name, workflow in WORKFLOWS.items() if workflow.transition is None] == []


@pytest.mark.parametrize(("name", "from_state", "to"), list(_pairs()))
def test_each_allowed_move_works_and_each_other_is_refused(name, from_state, to):
    workflow = WORKFLOWS[name]
    obj = MAKERS[name](from_state)
    actor = UserFactory()
    if workflow.allows(from_state, to):
        moved = workflow.move(obj, actor=actor, to=to, reason="  Lý do   của bước này ")
        assert type(obj).objects.get(pk=obj.pk).state == to
        assert moved.state == obj.state == to
        rows = list(workflow.transitions(obj).values_list("actor", "from_state", "to_state", "reason"))
        reason = "Lý do   của bước này" if workflow.keep_lines else "Lý do của bước này"
        assert rows == [(actor.pk, from_state, to, reason)]
        assert workflow.transitions(obj).get().at is not None
    else:
        with pytest.raises(MoveNotAllowed) as caught:
            workflow.move(obj, actor=actor, to=to, reason="Lý do")
        assert isinstance(caught.value, workflow.error)
        assert isinstance(caught.value, DomainError)
        assert caught.value.field is None
        assert type(obj).objects.get(pk=obj.pk).state == from_state
        assert obj.state == from_state
        assert _count(workflow, obj) == 0


@pytest.mark.parametrize(("name", "from_state", "to"), list(_reasoned()))
def test_each_move_that_needs_a_reason_is_refused_without_one(name, from_state, to):
    workflow = WORKFLOWS[name]
    obj = MAKERS[name](from_state)
    with pytest.raises(MoveNotAllowed) as caught:
        workflow.move(obj, actor=UserFactory(), to=to, reason=" \n ")
    assert caught.value.field == "reason"
    assert isinstance(caught.value, workflow.error)
    assert str(caught.value) == workflow.reason_missing(obj, to)
    assert type(obj).objects.get(pk=obj.pk).state == from_state
    assert _count(workflow, obj) == 0


def test_a_refused_move_names_both_states_in_the_workflows_own_words():
    workflow = WORKFLOWS["round"]
    round = RoundFactory(state=RoundState.DRAFT)
    with translation.override("en"), pytest.raises(MoveNotAllowed) as caught:
        workflow.move(round, actor=UserFactory(), to=RoundState.ARCHIVED)
    assert str(caught.value) == "A round that is “Being prepared” cannot become “Archived”."
    assert isinstance(caught.value, NominationError)
    with translation.override("vi"), pytest.raises(MoveNotAllowed) as caught:
        workflow.move(round, actor=UserFactory(), to=RoundState.ARCHIVED)
    assert (
        str(caught.value) == "Đợt xét đang ở trạng thái “Đang chuẩn bị” không thể chuyển sang “Đã lưu trữ”."
    )


def test_a_table_naming_an_unknown_state_is_refused_when_declared():
    existing = WORKFLOWS["round"]
    with pytest.raises(ValueError, match="unknown states in the table"):
        Workflow(
            "broken",
            model=existing.model,
            states=existing.states,
            moves=frozenset({("draft", "nowhere")}),
            error=existing.error,
            refused=existing.refused,
        )
    assert "broken" not in {workflow.name for workflow in workflows()}
