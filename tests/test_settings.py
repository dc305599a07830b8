"""Settings come from the environment; production settings pass Django's deployment checks."""

import os
import re
import subprocess
import sys
from pathlib import Path

from csp.middleware import CSPMiddleware
from django.db import connection
from django.http import HttpResponse
from django.template.loader import render_to_string

from thiduaportal.celery import app

BASE_DIR = Path(__file__).resolve().parent.parent


def _manage(*args, env_overrides):
    unset = {"DEBUG", "DATABASE_URL", "SQLITE_TEST_NAME", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k7#Vq2!pLr9@xZ4$wN8^mB1&cT6*yH3(eJ5)uF0_gD7+sA2-oI9=",
    "ALLOWED_HOSTS": "thidua.example.vn",
    "CSRF_TRUSTED_ORIGINS": "https://thidua.example.vn",
    "SITE_URL": "https://thidua.example.vn",
    "EMAIL_URL": "smtp+tls://thidua:mat-khau@smtp.example.vn:587",
}


def test_check_deploy_reports_nothing_in_production(tmp_path):
    env = {**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=env)
    assert result.returncode == 0, result.stderr + result.stdout
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_production_with_mail_to_the_console_fails_the_checks_and_does_not_start(tmp_path):
    env = {
        **PRODUCTION,
        "EMAIL_URL": "consolemail://",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = _manage("check", env_overrides=env)
    assert result.returncode == 1
    assert "thiduaportal.E001" in result.stderr
    assert "django.core.mail.backends.console.EmailBackend, which sends nothing" in result.stderr
    started = subprocess.run(
        [sys.executable, "-c", "import thiduaportal.wsgi"],
        cwd=BASE_DIR,
        env={k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}} | env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode == 1
    assert "ImproperlyConfigured: thiduaportal.E001" in started.stderr


def test_mail_to_the_console_is_fine_with_debug_on(tmp_path):
    env = {
        "DEBUG": "1",
        "EMAIL_URL": "consolemail://",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = _manage("check", env_overrides=env)
    assert result.returncode == 0, result.stderr
    assert "E001" not in result.stderr + result.stdout


def test_missing_secret_key_fails_loudly_in_production(tmp_path):
    env = {**PRODUCTION, "SECRET_KEY": "", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    result = _manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_sqlite_is_embedded_default_with_wal_and_immediate_transactions(settings, db):

    if connection.vendor != "sqlite":
        return
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] == 20
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 20000


def test_vietnamese_is_default_and_time_zone_is_hanoi(settings):
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]


def test_tasks_run_inline_without_a_broker(settings):

    if settings.CELERY_BROKER_URL:
        return
    assert app.conf.task_always_eager is True


def test_pages_carry_a_content_security_policy_without_inline_script(client, db):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["img-src"] == "'self' data:"


def test_the_vote_pages_style_block_carries_the_policys_nonce(rf, db):
    request = rf.get("/")
    middleware = CSPMiddleware(lambda request: HttpResponse())
    middleware.process_request(request)
    html = render_to_string("council/_vote_style.html", request=request)
    nonce = re.search(r'<style nonce="([^"]+)">', html).group(1)
    response = middleware.process_response(request, HttpResponse(html))
    assert f"style-src 'self' 'nonce-{nonce}'" in response["Content-Security-Policy"]
