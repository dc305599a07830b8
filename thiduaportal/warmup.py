"""Warm a new server process before its first request: what is slow the first time.

A fresh gunicorn worker or Celery process pays on its first requests for work that is then
kept for its whole life: WeasyPrint's first render (about a second: its own stylesheets
parsed, Pango's font map and the process's shared `FontConfiguration` built, the embedded
Tinos faces loaded), every template compiled on its first use (the cached loader keeps
them), and the URL resolver's tables built on the first `reverse()` or `resolve()`.
`warm_up()` does all three once, in the process that calls it: `gunicorn.conf.py` calls it
when a worker has loaded the application, `thiduaportal.celery` when a worker process
starts. A failure is logged and the process serves anyway (it then pays on first use, as
before).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from django.conf import settings
from django.template import engines
from django.urls import get_resolver, resolve, reverse

from thiduaportal.documents import render_pdf

logger = logging.getLogger(__name__)

WARMUP_TEMPLATE = "documents/warmup.html"


def _templates() -> int:
    """Compile every template of the project's template folders; return how many."""
    engine = engines["django"]
    count = 0
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(Path(folder).rglob("*.html")):
            engine.get_template(path.relative_to(folder).as_posix())
            count += 1
    return count


def _urls() -> int:
    """Build the resolver's tables (both ways); return the number of named patterns."""
    reverse("home")
    resolve(reverse("home"))
    return len(get_resolver().reverse_dict)


def _pdf() -> int:
    """One tiny document through WeasyPrint with the shared font configuration and the
    embedded fonts; return its size in bytes."""
    return len(render_pdf(WARMUP_TEMPLATE, {}))


def warm_up() -> dict[str, float]:
    """Warm URL resolver, templates and WeasyPrint in this process; return each step's
    milliseconds (and the counts: urls, templates, pdf_bytes).

    Side effects: fills this process's template cache, resolver tables and font
    configuration. Never raises: a failed step is logged as an error and skipped.
    """
    report: dict[str, float] = {}
    for name, step in (("urls", _urls), ("templates", _templates), ("pdf_bytes", _pdf)):
        started = time.perf_counter()
        try:
            report[name] = step()
        except Exception:
            logger.exception("warm-up step %s failed", name)
            continue
        report[f"{name.removesuffix('_bytes')}_ms"] = (time.perf_counter() - started) * 1000
    logger.info("process warmed up: %s", ", ".join(f"{k}={v:.0f}" for k, v in report.items()))
    return report
