"""Celery application: the broker comes from settings (CELERY_BROKER_URL)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thiduaportal.settings")

app = Celery("thiduaportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
