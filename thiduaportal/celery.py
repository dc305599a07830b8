"""Celery application: the broker comes from settings (CELERY_BROKER_URL)."""

import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thiduaportal.settings")

app = Celery("thiduaportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def warm_worker_process(**_kwargs) -> None:
    """Each worker process warms WeasyPrint, the templates and the URL resolver before its
    first task (thiduaportal.warmup), so the first print job does not pay for them."""
    from thiduaportal.warmup import warm_up  # noqa: PLC0415 - Django is set up by now

    warm_up()
