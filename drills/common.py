"""What the fault drills share: a temporary folder, throwaway PostgreSQL, Redis, Celery and
gunicorn processes on loopback ports, `manage.py` runs, a small HTTP client, and the one
PASS/FAIL line each drill ends with.

A drill is `main(name, body)`: `body(stack, workdir)` starts what it needs (every process
is registered on `stack`, so it is stopped also when the drill fails) and returns what it
showed, or raises `DrillFailure` with the reason.
"""

from __future__ import annotations

import contextlib
import glob
import http.cookiejar
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from tests import services

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
MANAGE = str(BASE_DIR / "manage.py")


class DrillFailure(Exception):
    """The drill saw the portal misbehave; the message is the FAIL line's reason."""


def result(name: str, ok: bool, detail: str) -> None:
    """Print the drill's one final line and exit 0 (PASS) or 1 (FAIL)."""
    print(f"{'PASS' if ok else 'FAIL'} {name}: {detail}", flush=True)
    sys.exit(0 if ok else 1)


def say(message: str) -> None:
    print(f"  [{time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", file=sys.stderr, flush=True)


def main(name: str, body: Callable[[contextlib.ExitStack, Path], str]) -> None:
    """Run `body` in a new temporary folder, stop everything it started, print the line.
    DRILL_KEEP=1 keeps the folder (services' logs, data) for a look afterwards."""
    ok, detail = False, ""
    with contextlib.ExitStack() as stack:
        workdir = Path(tempfile.mkdtemp(prefix=f"drill-{name}-"))
        # The PostgreSQL server runs as the postgres user and must reach its folder inside.
        workdir.chmod(0o755)
        if os.environ.get("DRILL_KEEP"):  # keep the logs and data to look at afterwards
            stack.callback(say, f"kept {workdir}")
        else:
            stack.callback(shutil.rmtree, workdir, ignore_errors=True)
        try:
            detail, ok = body(stack, workdir), True
        except DrillFailure as failure:
            detail = str(failure)
        except Exception as error:  # any crash of the drill itself is a FAIL with its cause
            traceback.print_exc()
            detail = f"the drill crashed: {type(error).__name__}: {error}"
    result(name, ok, detail)


# --------------------------------------------------------------------------- PostgreSQL


def pg_bin() -> Path:
    """The newest installed PostgreSQL's binaries (as scripts/pg-test-server picks them)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name))
    if not found:
        raise DrillFailure("PostgreSQL server binaries not found under /usr/lib/postgresql")
    return Path(found[-1])


def _as_postgres() -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


class Postgres:
    """A throwaway PostgreSQL server on a free loopback port, as scripts/pg-test-server
    starts it (superuser role `thidua`, fsync off, socket and data in `folder`)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.data = folder / "data"
        self.password = secrets.token_hex(16)
        self.port = 0
        self.bin = pg_bin()

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603 - fixed binaries, arguments built here
            [*_as_postgres(), *args], capture_output=True, text=True, timeout=timeout, check=False
        )

    def start(self) -> Postgres:
        self.folder.mkdir(parents=True)
        (self.folder / "socket").mkdir()
        pwfile = self.folder / "pwfile"
        pwfile.write_text(self.password + "\n")
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
            for path in (self.folder / "socket", pwfile):
                shutil.chown(path, "postgres", "postgres")
        done = self._run(
            str(self.bin / "initdb"),
            *("-D", str(self.data), "-U", "thidua", f"--pwfile={pwfile}", "-E", "UTF8"),
            *("--locale=C.UTF-8", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync"),
        )
        pwfile.unlink()
        if done.returncode:
            raise RuntimeError(f"initdb failed:\n{done.stdout}{done.stderr}")
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"listen_addresses = '127.0.0.1'\nunix_socket_directories = '{self.folder / 'socket'}'\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
            )
        for _attempt in range(3):  # a free port can be taken between choosing and binding it
            self.port = services.free_port()
            done = self._run(
                str(self.bin / "pg_ctl"),
                *("-D", str(self.data), "-l", str(self.folder / "server.log")),
                *("-o", f"-p {self.port}", "-w", "-t", "30", "start"),
            )
            if done.returncode == 0:
                break
        else:
            raise RuntimeError(f"PostgreSQL did not start:\n{self.log()}")
        self.create_database("thidua")
        return self

    def create_database(self, name: str) -> str:
        """A new empty database; returns its DATABASE_URL."""
        done = self._run(
            str(self.bin / "createdb"),
            "-h",
            str(self.folder / "socket"),
            "-p",
            str(self.port),
            "-U",
            "thidua",
            name,
        )
        if done.returncode:
            raise RuntimeError(f"createdb {name} failed: {done.stderr}")
        return self.url(name)

    def url(self, name: str = "thidua") -> str:
        return f"postgres://thidua:{self.password}@127.0.0.1:{self.port}/{name}"

    def restart(self) -> float:
        """`pg_ctl restart -m fast`; returns the seconds it took."""
        start = time.monotonic()
        # With -l the new postmaster writes to its log, not to our pipes (run() would wait on them).
        done = self._run(
            str(self.bin / "pg_ctl"),
            *("-D", str(self.data), "-l", str(self.folder / "server.log")),
            *("-m", "fast", "-w", "-t", "60", "restart"),
        )
        if done.returncode:
            raise RuntimeError(f"pg_ctl restart failed:\n{done.stdout}{done.stderr}\n{self.log()}")
        return time.monotonic() - start

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            done = self._run(
                str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "-t", "20", "stop"
            )
            if done.returncode and (self.data / "postmaster.pid").exists():
                # pg_ctl failed: stop the postmaster we started, by its own id.
                with contextlib.suppress(OSError, ValueError):
                    os.kill(int((self.data / "postmaster.pid").read_text().split()[0]), 9)

    def log(self) -> str:
        log = self.folder / "server.log"
        return log.read_text(errors="replace")[-3000:] if log.exists() else ""


def start_postgres(stack: contextlib.ExitStack, workdir: Path) -> Postgres:
    """A throwaway PostgreSQL server, stopped when `stack` closes."""
    server = Postgres(workdir / "pg")
    stack.callback(server.stop)
    server.start()
    say(f"PostgreSQL on 127.0.0.1:{server.port}")
    return server


# --------------------------------------------------------------------------- Redis, Celery


def start_redis(stack: contextlib.ExitStack, workdir: Path, *, port: int | None = None):
    """A throwaway redis-server (on `port`, or a free one); returns (process, url)."""
    if port is None:
        process, url = services.start_redis(workdir)
    else:
        log = workdir / f"redis-{port}.log"
        process = subprocess.Popen(  # noqa: S603 - fixed binary, arguments built here
            [
                services.REDIS_SERVER,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            cwd=workdir,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        url = f"redis://127.0.0.1:{port}/0"
        import redis

        client = redis.Redis.from_url(url)
        services.wait_until(client.ping, timeout=15, what="redis-server", process=process, log=log)
        client.close()
    stack.callback(services.stop, process)
    say(f"Redis at {url}")
    return process, url


def start_worker(
    stack: contextlib.ExitStack, folder: Path, *, broker_url: str, env: dict[str, str], name: str = ""
):
    """A Celery worker (solo pool, one task at a time, node `name`) logging to `folder`/celery.log."""
    folder.mkdir(parents=True, exist_ok=True)
    process = services.start_celery_worker(folder, broker_url=broker_url, env=env, name=name)
    stack.callback(services.stop, process)
    say(f"Celery worker {name + ' ' if name else ''}pid {process.pid}")
    return process


def start_beat(stack: contextlib.ExitStack, folder: Path, *, broker_url: str, env: dict[str, str]):
    """Celery beat (the periodic tasks of CELERY_BEAT_SCHEDULE), its schedule file in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "beat.log"
    process = subprocess.Popen(  # noqa: S603 - our own venv's celery
        [
            str(Path(PYTHON).with_name("celery")),
            *("-A", "thiduaportal", "beat", "--loglevel=INFO"),
            *("--schedule", str(folder / "beat-schedule"), "--pidfile="),
        ],
        cwd=BASE_DIR,
        env={**env, "CELERY_BROKER_URL": broker_url},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    stack.callback(services.stop, process)
    services.wait_until(
        lambda: "beat: Starting" in log.read_text(errors="replace"),
        timeout=60,
        what="celery beat",
        process=process,
        log=log,
    )
    say(f"Celery beat pid {process.pid}")
    return process


def descendants(pid: int) -> list[int]:
    """Every process under `pid` (children first found through /proc)."""
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for task in glob.glob(f"/proc/{parent}/task/*/children"):
            with contextlib.suppress(OSError):
                children = [int(c) for c in Path(task).read_text().split()]
                found += children
                todo += children
    return found


def kill_hard(process: subprocess.Popen) -> list[int]:
    """SIGKILL `process` and all its descendants at once, as a power cut would; returns the ids."""
    pids = [process.pid, *descendants(process.pid)]
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, 9)
    process.wait(10)
    return pids


# --------------------------------------------------------------------------- Django


def portal_env(
    database_url: str, media_root: Path, *, broker_url: str = "", debug: bool = True
) -> dict[str, str]:
    """The environment of a portal process (manage.py, worker, gunicorn) for this drill."""
    env = {
        **os.environ,
        # A settings module given by the caller is kept (to try a settings change in a drill).
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "thiduaportal.settings"),
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "CELERY_BROKER_URL": broker_url,
        "DEBUG": "1" if debug else "0",
        "LOG_LEVEL": "WARNING",
    }
    if not debug:
        # Production mode over plain HTTP on loopback: no HTTPS redirect, cookies sent over HTTP.
        env.update(
            SECRET_KEY=secrets.token_hex(32),
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SECURE_SSL_REDIRECT="false",
            SECURE_COOKIES="false",
            SECURE_HSTS_SECONDS="0",
            STATIC_MANIFEST="false",
            # Certificates refuse to print QR codes to a development address in production.
            SITE_URL=os.environ.get("SITE_URL") or "https://thidua.example.vn",
            # Production refuses mail to the console (thiduaportal.checks); a drill's mail
            # goes to files beside its media.
            EMAIL_URL=os.environ.get("EMAIL_URL") or f"filemail:///{media_root.parent / 'mail'}",
        )
    env.pop("SQLITE_TEST_NAME", None)
    return env


def manage(
    *args: str, env: dict[str, str], timeout: float = 300, check: bool = True
) -> subprocess.CompletedProcess:
    """`manage.py <args>` in a new process with `env`; raises with its output when it fails."""
    done = subprocess.run(  # noqa: S603 - our own manage.py, arguments built by the drills
        [PYTHON, MANAGE, *args],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if check and done.returncode:
        raise DrillFailure(
            f"manage.py {' '.join(args)} exited {done.returncode}: {(done.stderr or done.stdout)[-1500:]}"
        )
    return done


def migrate(env: dict[str, str]) -> None:
    """A fresh database brought to the current schema."""
    start = time.monotonic()
    manage("migrate", "--no-input", env=env)
    say(f"migrated in {time.monotonic() - start:.1f} s")


def setup_django(env: dict[str, str]) -> None:
    """Start Django in this process on the drill's database (before any model import)."""
    os.environ.update(env)
    import django

    django.setup()


# --------------------------------------------------------------------------- gunicorn, HTTP


def start_gunicorn(
    stack: contextlib.ExitStack, workdir: Path, *, env: dict[str, str], workers: int = 2, log_name: str = ""
):
    """gunicorn serving the portal on a free loopback port, logging to `workdir`/`log_name`
    (gunicorn.log); returns (process, base URL)."""
    port = services.free_port()
    log = workdir / (log_name or "gunicorn.log")
    gunicorn = Path(PYTHON).with_name("gunicorn")
    process = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn
        [
            str(gunicorn),
            *("--config", str(BASE_DIR / "gunicorn.conf.py"), "thiduaportal.wsgi"),
            *("--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--timeout", "60"),
            # No control socket: its default path (~/.gunicorn/gunicorn.ctl) is shared by
            # every gunicorn of the user, a real portal's included.
            "--no-control-socket",
            *("--access-logfile", "-", "--access-logformat", "%(s)s %(m)s %(U)s %(L)ss pid=%(p)s"),
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    stack.callback(services.stop, process)
    base = f"http://127.0.0.1:{port}"
    services.wait_until(
        lambda: Browser(base).get("/healthz")[0] == 200, timeout=60, what="gunicorn", process=process, log=log
    )
    say(f"gunicorn ({workers} workers) at {base}")
    return process, base


class Browser:
    """A cookie-keeping HTTP client that logs in like a person (CSRF token from the form)."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def _open(self, request: urllib.request.Request, timeout: float) -> tuple[int, str, str]:
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.read().decode("utf-8", "replace"), response.geturl()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace"), error.geturl()

    def get(self, path: str, timeout: float = 30) -> tuple[int, str, str]:
        """(status, body, final URL) of GET `path` (redirects followed)."""
        return self._open(urllib.request.Request(self.base + path), timeout)  # noqa: S310 - loopback http only

    def post(
        self, path: str, data: dict[str, str], *, form_path: str, timeout: float = 60
    ) -> tuple[int, str, str]:
        """POST `data` with the CSRF token read from the page at `form_path`."""
        _status, body, _url = self.get(form_path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        token = match.group(1) if match else next((c.value for c in self.jar if c.name == "csrftoken"), "")
        payload = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}).encode()
        request = urllib.request.Request(  # noqa: S310 - loopback http only
            self.base + path, data=payload, headers={"Referer": self.base + form_path}
        )
        return self._open(request, timeout)

    def login(self, username: str, password: str) -> None:
        status, _body, url = self.post(
            "/accounts/login/", {"username": username, "password": password}, form_path="/accounts/login/"
        )
        if status != 200 or "/accounts/login/" in url:
            raise DrillFailure(f"could not log in as {username} (status {status}, at {url})")
