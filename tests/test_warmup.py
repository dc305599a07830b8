"""The warm-up a new server process runs before its first request: the URL resolver, every
project template and one WeasyPrint render with the embedded fonts; called by gunicorn's
`post_worker_init` hook (gunicorn.conf.py) and Celery's `worker_process_init` signal."""

import logging
import runpy
from pathlib import Path

from celery.signals import worker_process_init
from django.conf import settings
from django.template import engines
from django.test import override_settings

from tests.nominations.test_documents import pdf_text, run_tool
from thiduaportal import documents
from thiduaportal.warmup import WARMUP_TEMPLATE, warm_up

CONFIG = Path(settings.BASE_DIR) / "gunicorn.conf.py"


def test_warm_up_compiles_every_template_and_renders_a_pdf_with_the_embedded_fonts():
    report = warm_up()

    folder = Path(settings.TEMPLATES[0]["DIRS"][0])
    assert report["templates"] == len(list(folder.rglob("*.html")))
    assert report["urls"] > 0
    assert report["pdf_bytes"] > 1000
    assert {"urls_ms", "templates_ms", "pdf_ms"} <= report.keys()
    assert documents._font_config is not None  # the process's shared configuration is built
    pdf = documents.render_pdf(WARMUP_TEMPLATE, {})
    assert "KHỞI ĐỘNG" in pdf_text(pdf)
    fonts = [line.split() for line in run_tool("pdffonts", pdf).splitlines()[2:]]
    assert {row[0].split("+")[-1] for row in fonts} == {
        "Tinos",
        "Tinos-Bold",
        "Tinos-Italic",
        "Tinos-Bold-Italic",
    }
    assert all(row[-5] == "yes" for row in fonts)  # embedded


def test_warm_up_logs_a_broken_step_and_does_the_others(tmp_path, caplog):
    (tmp_path / "broken.html").write_text("{% if %}", encoding="utf-8")
    templates = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    with override_settings(TEMPLATES=templates), caplog.at_level(logging.ERROR, "thiduaportal.warmup"):
        report = warm_up()
        assert engines["django"].get_template(WARMUP_TEMPLATE)

    assert "templates" not in report
    assert report["pdf_bytes"] > 1000
    assert report["urls"] > 0
    assert [r.getMessage() for r in caplog.records] == ["warm-up step templates failed"]


class _Log:
    def __init__(self):
        self.lines = []

    def info(self, message, *args):
        self.lines.append(message % args)


class _Worker:
    """What gunicorn hands the hook: the worker's pid and its logger."""

    pid = 4242

    def __init__(self):
        self.log = _Log()
        self.notified = 0

    def notify(self):
        self.notified += 1


def test_gunicorn_worker_warms_up_after_loading_the_application():
    config = runpy.run_path(str(CONFIG))
    worker = _Worker()

    config["post_worker_init"](worker)

    assert worker.notified == 2  # the arbiter knows it is alive before and after
    assert len(worker.log.lines) == 1
    assert worker.log.lines[0].startswith("worker 4242 warmed up: {'urls': ")
    assert "'pdf_bytes': " in worker.log.lines[0]


def test_celery_worker_process_warms_up_when_it_starts(caplog):
    with caplog.at_level(logging.INFO, "thiduaportal.warmup"):
        worker_process_init.send(sender="test-worker")

    messages = [r.getMessage() for r in caplog.records if r.name == "thiduaportal.warmup"]
    assert len(messages) == 1
    assert messages[0].startswith("process warmed up: urls=")
    assert "pdf_bytes=" in messages[0]
