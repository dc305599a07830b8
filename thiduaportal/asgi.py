"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thiduaportal.settings")
application = get_asgi_application()

from thiduaportal.checks import refuse_to_start  # noqa: E402 - needs the apps loaded above

refuse_to_start()
