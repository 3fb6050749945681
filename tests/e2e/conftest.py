"""Browser tests: Playwright for Python driving Debian's Chromium against the live server."""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the test itself only touches the
# database between browser steps, so Django's async-safety guard can be relaxed here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing ({CHROMIUM}): install it with apt-get install -y chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """new_page(width=1280): a fresh browser context and page, closed after the test."""
    contexts = []

    def make(width=1280, height=900):
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale="fr-FR", base_url=live_server.url
        )
        context.set_default_timeout(15000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def demo(transactional_db):
    """The demo network, loaded in its own thread: Playwright's event loop runs in this one, and
    the loader's real-time notifications use async_to_sync."""
    import threading

    from django.core.management import call_command

    errors = []

    def load():
        try:
            call_command("load_demo", verbosity=0)
        except Exception as error:  # noqa: BLE001 - reported in the test's thread below
            errors.append(error)

    thread = threading.Thread(target=load)
    thread.start()
    thread.join()
    assert not errors, errors


@pytest.fixture
def screenshot(request):
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name):
        path = ARTIFACTS / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def assert_accessible(page):
    """axe-core in the page: no serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in results.response["violations"]
        if v.get("impact") in {"serious", "critical"}
    ]
    assert violations == [], "\n".join(violations)


# --- A real Daphne process, for pages that need the WebSocket --------------------------------
# pytest-django's live server speaks HTTP only. For real-time tests a Daphne subprocess serves
# the site on the test database, which must then be a file (SQLite) or a server (PostgreSQL).

from django.conf import settings  # noqa: E402
from django.db import connections  # noqa: E402

_default = connections["default"].settings_dict
if _default["ENGINE"].endswith("sqlite3"):
    import tempfile as _tempfile

    _default.setdefault("TEST", {})
    _default["TEST"]["NAME"] = str(Path(_tempfile.mkdtemp(prefix="maillage-e2e-")) / "test.sqlite3")


def _free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Daphne:
    """A Daphne process serving the test database (HTTP and /ws/), like production does."""

    def __init__(self, tmp_path, name="daphne", port=None):
        import subprocess
        import sys

        settings_dict = connections["default"].settings_dict
        env = {k: v for k, v in os.environ.items() if k not in {"PYTEST_XDIST_WORKER"}}
        env["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
        env["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        # the server reads the files the test stored (uploads, the files module's private bytes)
        env["MAILLAGE_TEST_MEDIA_ROOT"] = str(settings.MEDIA_ROOT)
        env["MAILLAGE_TEST_PRIVATE_ROOT"] = str(settings.PRIVATE_ROOT)
        if settings_dict["ENGINE"].endswith("sqlite3"):
            var = tmp_path / f"var-{name}"
            var.mkdir()
            (var / "db.sqlite3").symlink_to(settings_dict["NAME"])
            env["MAILLAGE_VAR_DIR"] = str(var)
            env.pop("DATABASE_URL", None)
        else:
            user = settings_dict.get("USER") or "postgres"
            host = settings_dict.get("HOST") or "127.0.0.1"
            db_port = settings_dict.get("PORT") or 5432
            env["DATABASE_URL"] = f"postgres://{user}@{host}:{db_port}/{settings_dict['NAME']}"
        self.port = port or _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = tmp_path / f"{name}.log"
        self.log = open(self.log_path, "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port), "portal.asgi:application"],
            cwd=Path(__file__).resolve().parents[2],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.wait_until_up()

    def wait_until_up(self):
        import time
        import urllib.request

        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.url + "/compte/connexion/", timeout=2)
                return
            except Exception:  # noqa: BLE001 - not up yet
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.log.close()
                    raise RuntimeError(self.log_path.read_text()[-3000:]) from None
                time.sleep(0.3)

    def stop(self):
        import subprocess

        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


@pytest.fixture
def daphne_server(transactional_db, tmp_path):
    """Base URL of a Daphne process serving the test database (HTTP and /ws/)."""
    server = Daphne(tmp_path)
    yield server.url
    server.stop()


@pytest.fixture
def new_daphne_page(browser, daphne_server):
    contexts = []

    def make(width=1280, height=900):
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale="fr-FR", base_url=daphne_server
        )
        context.set_default_timeout(15000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
