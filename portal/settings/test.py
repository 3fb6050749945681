"""Test settings: the base settings, only made fast and isolated per test worker."""

import os
import tempfile

from .base import *  # noqa: F403
from .base import CACHES, CHANNEL_LAYERS, REDIS_URL

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
SEARCH_INDEX_WRITER_THREAD = False  # index writes inline, where a test can assert them at once
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

_worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
_tmp = tempfile.mkdtemp(prefix=f"maillage-test-{_worker}-")
# a browser test's server process is given the test process's folders
MEDIA_ROOT = os.environ.get("MAILLAGE_TEST_MEDIA_ROOT") or os.path.join(_tmp, "media")
PRIVATE_ROOT = os.environ.get("MAILLAGE_TEST_PRIVATE_ROOT") or os.path.join(_tmp, "private")
HAYSTACK_CONNECTIONS = {
    "default": {"ENGINE": "search.backends.FrenchWhooshEngine", "PATH": os.path.join(_tmp, "whoosh")}
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Workers sharing one Redis must not see each other's keys or channels. Each test empties the
# cache (cache.clear() is Redis's FLUSHDB), so each worker's cache gets a database of its own,
# apart from the channel layer's: a flush never touches another worker or the channels.
if REDIS_URL:
    from urllib.parse import urlsplit, urlunsplit

    _number = 0 if _worker == "main" else int(_worker.removeprefix("gw") or 0) + 1
    _parts = urlsplit(REDIS_URL)
    _channels_db = int(_parts.path.strip("/") or 0)
    CACHES["default"]["LOCATION"] = urlunsplit(_parts._replace(path=f"/{(_channels_db + 1 + _number % 15) % 16}"))
    CACHES["default"]["KEY_PREFIX"] = f"maillage-test-{_worker}"
    CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = f"maillage-test-{_worker}"

# The public page cache would carry pages from one test to the next: off, except in the tests of
# the cache itself (tests/home/test_cache.py), which turn it on.
PAGE_CACHE_SECONDS = 0

# A module that exists only for the tests (tests/sample_module): adding a module touches no app.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.sample_module"]  # noqa: F405
