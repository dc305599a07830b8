"""The council's and the awards' models left `nominations` for their own apps (state-only
migrations, same tables). A database of the schema before the move migrates forward with every
row, and the content types follow, so permissions and audit-log entries keep their objects."""

import pytest
from auditlog.models import LogEntry
from django.apps import apps as global_apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from council.services import voting
from tests.factories import UserFactory
from tests.factories.council import council_session
from tests.factories.decisions import ImportedAwardFactory, issued_decision
from thiduaportal import tenancy

# The migrations before the move: what today's databases are at.
BEFORE = [("awards", None), ("council", None), ("nominations", "0005_review_queue_order")]
MOVED = {
    "council": [
        "CouncilTerm",
        "CouncilMember",
        "CouncilSession",
        "SessionTransition",
        "SessionFile",
        "Attendance",
        "AgendaItem",
        "Recusal",
        "VoterMark",
    ],
    "awards": [
        "DocumentCounter",
        "Decision",
        "DecisionTransition",
        "Award",
        "PrinterProfile",
        "CertificateDesign",
    ],
}


def _migrate(targets):
    """Migrate to `targets`; the models of the state reached (of every app still migrated)."""
    executor = MigrationExecutor(connection)
    tenancy.drop_constraints()  # as `migrate` does (pre_migrate / post_migrate)
    executor.migrate(targets)
    tenancy.install_constraints()
    executor.loader.build_graph()
    moved_out = {app for app, name in targets if name is None}
    named = {app: (app, name) for app, name in targets if name is not None}
    nodes = [
        named.get(app, (app, name))
        for app, name in executor.loader.graph.leaf_nodes()
        if app not in moved_out
    ]
    return executor.loader.project_state(nodes).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def _rows(app_label: str, name: str) -> list:
    return list(global_apps.get_model(app_label, name).objects.order_by("pk").values_list("pk", flat=True))


@pytest.mark.django_db(transaction=True)
def test_database_before_the_move_migrates_forward_with_every_row():
    council = council_session(members=3, individuals=2, voting=True)
    voting.cast_ballot(council.items[0], user=council.chair.user, choice="for")
    decision = issued_decision(UserFactory(), collectives=1, individuals=1)
    ImportedAwardFactory()
    before = {(app, name): _rows(app, name) for app, names in MOVED.items() for name in names}
    assert all(
        before[("council", name)] for name in ("CouncilTerm", "CouncilSession", "AgendaItem", "VoterMark")
    )
    assert all(before[("awards", name)] for name in ("Decision", "Award", "DocumentCounter"))
    term_type = ContentType.objects.get_for_model(type(council.session.term))
    decision_type = ContentType.objects.get_for_model(type(decision))
    logged = set(
        LogEntry.objects.filter(content_type__in=[term_type, decision_type]).values_list("pk", flat=True)
    )
    assert logged
    permission = Permission.objects.get(codename="view_decision", content_type=decision_type)

    try:
        old_apps = _migrate(BEFORE)
        # The schema and content types as they were: the models live in `nominations`.
        assert old_apps.get_model("nominations", "Decision").objects.count() == len(
            before[("awards", "Decision")]
        )
        assert old_apps.get_model("nominations", "VoterMark").objects.count() == len(
            before[("council", "VoterMark")]
        )
        old_type = old_apps.get_model("contenttypes", "ContentType")
        assert old_type.objects.get(pk=term_type.pk).app_label == "nominations"
        assert old_type.objects.get(pk=decision_type.pk).app_label == "nominations"
    finally:
        _migrate(_latest())

    ContentType.objects.clear_cache()
    after = {(app, name): _rows(app, name) for app, names in MOVED.items() for name in names}
    assert after == before
    assert ContentType.objects.get(pk=term_type.pk).app_label == "council"
    assert ContentType.objects.get(pk=decision_type.pk).app_label == "awards"
    assert not ContentType.objects.filter(
        app_label="nominations", model__in=["decision", "councilterm"]
    ).exists()
    assert set(LogEntry.objects.filter(pk__in=logged).values_list("pk", flat=True)) == logged
    assert LogEntry.objects.filter(content_type=decision_type, object_pk=str(decision.pk)).exists()
    assert Permission.objects.get(pk=permission.pk).content_type_id == decision_type.pk
