"""gunicorn's settings for the portal, read from the project folder (gunicorn loads
./gunicorn.conf.py by default; `-c gunicorn.conf.py` says so explicitly).

    .venv/bin/gunicorn -c gunicorn.conf.py thiduaportal.wsgi --bind 127.0.0.1:8000 --workers 3

Options on the command line win over the values here. Each worker, once it has loaded the
application and before it takes its first request, warms what is slow the first time
(`thiduaportal.warmup`: WeasyPrint's first render, the templates, the URL resolver), so no
user waits a second for a process that has just (re)started.
"""

# Sync workers; a large import or print job runs in the Celery worker, not here.
timeout = 120


def post_worker_init(worker):
    """After the worker has imported the application (Django is set up), before it serves."""
    from thiduaportal.warmup import warm_up  # noqa: PLC0415 - Django is ready only now

    worker.notify()  # the arbiter's timeout counts from here, not from loading the portal
    report = warm_up()
    worker.notify()
    worker.log.info("worker %s warmed up: %s", worker.pid, report)
