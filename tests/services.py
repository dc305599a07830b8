"""Start and stop real external services (Redis, a Celery worker) for `services` tests."""

from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import redis

BASE_DIR = Path(__file__).resolve().parent.parent
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port() -> int:
    """A free loopback port: any the system gives, or one of LOOPBACK_PORTS ("19100-19199")
    when set, for a machine where each person keeps to a range of ports."""
    wanted = os.environ.get("LOOPBACK_PORTS", "").strip()
    if not wanted:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]
    low, _, high = wanted.partition("-")
    ports = list(range(int(low), int(high or low) + 1))
    random.shuffle(ports)  # two callers at once rarely try the same port first
    for port in ports:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free loopback port in LOOPBACK_PORTS={wanted}")


def stop(process: subprocess.Popen, timeout: float = 10) -> None:
    """Terminate, wait, and kill only if it does not stop."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)


def wait_until(check, *, timeout: float, what: str, process: subprocess.Popen | None = None, log=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited early (code {process.returncode}):\n{_tail(log)}")
        try:
            result = check()
        except Exception:  # not up yet
            result = None
        if result:
            return result
        time.sleep(0.1)
    raise TimeoutError(f"{what} not ready after {timeout} s:\n{_tail(log)}")


def _tail(log: Path | None) -> str:
    return log.read_text(errors="replace")[-4000:] if log and log.exists() else ""


def start_redis(workdir: Path) -> tuple[subprocess.Popen, str]:
    """A throwaway redis-server on a free loopback port, no persistence. Returns (process, url)."""
    port = free_port()
    log = workdir / "redis.log"
    process = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=workdir,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    try:
        wait_until(client.ping, timeout=15, what="redis-server", process=process, log=log)
    except Exception:
        stop(process)
        raise
    finally:
        client.close()
    return process, url


def database_url(db: dict) -> str:
    """A DATABASE_URL for django-environ naming the database Django uses right now."""
    engine = db["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    if "postgresql" in engine:
        user = quote(db.get("USER") or "", safe="")
        password = quote(db.get("PASSWORD") or "", safe="")
        auth = f"{user}:{password}@" if user else ""
        port = f":{db['PORT']}" if db.get("PORT") else ""
        return f"postgres://{auth}{db.get('HOST') or 'localhost'}{port}/{db['NAME']}"
    raise ValueError(f"No DATABASE_URL form for {engine}")


def start_celery_worker(
    workdir: Path, *, broker_url: str, env: dict[str, str], name: str = ""
) -> subprocess.Popen:
    """A solo-pool worker on the default queue (node `name`, by default one per test process);
    returns once it reports ready."""
    log = workdir / "celery.log"
    celery = Path(sys.executable).with_name("celery")
    full_env = {**os.environ, "CELERY_BROKER_URL": broker_url, **env}
    full_env.pop("SQLITE_TEST_NAME", None)  # the worker opens DATABASE_URL itself
    process = subprocess.Popen(
        [
            str(celery),
            "-A",
            "thiduaportal",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            "celery",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"{name or f'test-{os.getpid()}'}@%h",
        ],
        cwd=BASE_DIR,
        env=full_env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until(
            lambda: " ready." in _tail(log), timeout=60, what="celery worker", process=process, log=log
        )
    except Exception:
        stop(process)
        raise
    return process


def worker_log(workdir: Path) -> str:
    return _tail(workdir / "celery.log")
