"""Browser tests: Playwright for Python driving Debian's Chromium against a live server (issue 12).

- `site_server`: the whole site (WhiteNoise, middleware, every host) served by a threaded WSGI server on
  127.0.0.1 in this process. Chromium resolves `*.localhost` to the loopback address itself, so a
  community is at `http://<slug>.localhost:<port>/`. The server runs in other threads with their own
  database connections: tests make their communities with `committed_communities`.
- `browser`: one Chromium per test module, found at $CHROMIUM, on the PATH or at /usr/bin/chromium
  (Playwright's own download is not reachable here; `apt-get install chromium`).
- `phone`: a fresh page at 390x844 (a phone), Chinese first, with touch.
Every test here is marked `browser`; scripts/test.sh leaves them out, loudly, when no Chromium is found.
"""

import os
import shutil
import threading
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.core.wsgi import get_wsgi_application

from tests.conftest import TEST_PASSWORD  # noqa: F401 (the password of every member the tests make)

PHONE = {"width": 390, "height": 844}
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the standard library's signature)
        pass


class LiveServer:
    def __init__(self, collected_static):
        self.server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler)
        self.server.set_app(get_wsgi_application())
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, community, path: str = "/") -> str:
        return f"http://{community.domain}:{self.port}{path}"

    def start(self):
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture(scope="session")
def site_server(collected_static):
    server = LiveServer(collected_static)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module. Playwright's sync API runs an event loop in this thread, and Django
    then refuses ORM calls from the test's own (synchronous) code as if it were async; the documented
    setting for Django (DJANGO_ALLOW_ASYNC_UNSAFE) is set only while the module runs and Playwright with
    it, so that no other test, nor a process one starts (`check --deploy` refuses the setting), sees it."""
    path = chromium_path()
    if path is None:
        pytest.fail("No Chromium found: apt-get install chromium (or set CHROMIUM=/path/to/chromium)")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=path, args=["--no-sandbox"])
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def new_phone(browser, *, locale: str = "zh-CN"):
    context = browser.new_context(viewport=PHONE, locale=locale, has_touch=True, is_mobile=True)
    context.set_default_timeout(10_000)
    return context.new_page()


@pytest.fixture
def phone(browser):
    page = new_phone(browser)
    yield page
    page.context.close()


@pytest.fixture
def second_phone(browser):
    """Another person's phone (a community worker approving, another resident), its own cookies."""
    page = new_phone(browser)
    yield page
    page.context.close()
