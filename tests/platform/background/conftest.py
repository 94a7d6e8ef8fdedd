"""Celery against the machine's Redis, and a real worker process (issue #6).

The tests use TEST_REDIS_URL (CI: DB 15) or this branch's own DB 3, flushed before and after. When no
Redis answers they fail under CI=true (a CI machine without Redis must not pass by skipping them,
issue #10) and skip loudly elsewhere. The test process sends to Redis by configuring the app explicitly:
without REDIS_URL the settings make Celery eager.
"""

import email
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import kombu.pools
import psycopg
import pytest
import redis
from django.conf import settings
from django.db import connection

from sharepool.platform.celery import app as celery_app

DEFAULT_TEST_REDIS_URL = "redis://127.0.0.1:6379/3"
WORKER_START_TIMEOUT = 60
WAIT_TIMEOUT = 30


def test_redis_url() -> str:
    """TEST_REDIS_URL's database, or the one below it for each further pytest-xdist worker (gw1, gw2...):
    the worker tests flush their database, so two test processes must not share one."""
    url = os.environ.get("TEST_REDIS_URL", DEFAULT_TEST_REDIS_URL)
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    base, _, database = url.rpartition("/")
    return f"{base}/{(int(database or 0) - worker) % 16}"


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = test_redis_url()
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError:
        message = f"no Redis answers at {url} (set TEST_REDIS_URL): the tests with a real broker need one"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(f"SKIPPED, NOT RUN: {message}")
    return url


@pytest.fixture
def redis_client(redis_url):
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


def _reset_connections() -> None:
    # The app caches its connection pool (kombu's global one for the broker URL at the time).
    kombu.pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def celery_on_redis(redis_url):
    """This process sends tasks to Redis instead of running them eagerly."""
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}
    celery_app.conf.broker_url = redis_url
    celery_app.conf.task_always_eager = False
    _reset_connections()
    yield
    _reset_connections()
    celery_app.conf.update(saved)


def wait_until(condition, timeout: float = WAIT_TIMEOUT, interval: float = 0.1, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what}")


class Worker:
    def __init__(self, process: subprocess.Popen, log_path: Path, mail_dir: Path, database: dict):
        self.process = process
        self.log_path = log_path
        self.mail_dir = mail_dir
        self.database = database  # psycopg connection parameters of the test database

    def connect(self, **kwargs) -> psycopg.Connection:
        return psycopg.connect(**self.database, **kwargs)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def child_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def sent_mail(self) -> list[email.message.Message]:
        messages = []
        for path in sorted(self.mail_dir.glob("*.log")):
            # The file backend writes each message followed by a line of dashes.
            for chunk in path.read_text().split("-" * 79):
                if chunk.strip():
                    messages.append(email.message_from_bytes(chunk.strip().encode()))
        return messages

    def clear_mail(self) -> None:
        for path in self.mail_dir.glob("*"):
            path.unlink()

    def lock_waiters(self) -> set[int]:
        """Backends of the test database waiting for a row lock (a task blocked mid-transaction)."""
        with self.connect(autocommit=True) as conn:
            rows = conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            ).fetchall()
        return {row[0] for row in rows}


def database_url_of_test_db() -> str:
    """The test database as a DATABASE_URL for the worker: TCP, or the embedded server's socket folder."""
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    host = db["HOST"] or "127.0.0.1"
    address = quote(host, safe="") if host.startswith("/") else f"{host}:{db['PORT'] or 5432}"
    return f"postgres://{quote(db['USER'], safe='')}{password}@{address}/{db['NAME']}"


def psycopg_params_of_test_db() -> dict:
    db = connection.settings_dict
    params = {"dbname": db["NAME"], "user": db["USER"], "host": db["HOST"] or "127.0.0.1"}
    if db.get("PORT"):
        params["port"] = db["PORT"]
    if db.get("PASSWORD"):
        params["password"] = db["PASSWORD"]
    return params


def start_worker(redis_url: str, folder: Path, **env_overrides: str) -> Worker:
    """`celery -A sharepool.platform worker`, one prefork child, on the test Redis and the test database."""
    mail_dir = folder / "mail"
    mail_dir.mkdir(exist_ok=True)
    log_path = folder / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url_of_test_db(),
        "REDIS_URL": redis_url,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "CONN_MAX_AGE": "0",
        "SENTRY_DSN": "",
        "PYTHONUNBUFFERED": "1",
        **env_overrides,
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "sharepool.platform",
        "worker",
        "--pool=prefork",
        "--concurrency=1",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel=INFO",
        "--hostname=test-worker@%h",
    ]
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            command,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=settings.BASE_DIR,
            start_new_session=True,
        )
    worker = Worker(process, log_path, mail_dir, psycopg_params_of_test_db())
    try:
        wait_until(
            lambda: " ready." in worker.log() or process.poll() is not None,
            timeout=WORKER_START_TIMEOUT,
            what="the worker to start",
        )
        assert process.poll() is None, worker.log()
    except BaseException:
        stop_worker(worker)
        raise
    return worker


def stop_worker(worker: Worker) -> None:
    if worker.process.poll() is not None:
        return
    worker.process.send_signal(signal.SIGTERM)
    try:
        worker.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(worker.process.pid, signal.SIGKILL)
        worker.process.wait()


@pytest.fixture(scope="module")
def worker_process(django_db_setup, django_db_blocker, redis_url, tmp_path_factory):
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    worker = start_worker(redis_url, tmp_path_factory.mktemp("worker"))
    try:
        yield worker
    finally:
        stop_worker(worker)
        client.flushdb()
        client.close()


@pytest.fixture
def celery_worker(worker_process, celery_on_redis):
    worker_process.clear_mail()
    yield worker_process
