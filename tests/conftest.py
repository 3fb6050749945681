import pytest

from core import roles
from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def create_user(db):
    """create_user(role=roles.ANIMATOR, **fields): a member with that role's group."""

    def make(role=None, **fields):
        if role == roles.COORDINATOR:
            fields.setdefault("is_superuser", True)
            fields.setdefault("is_staff", True)
        user = UserFactory(**fields)
        if role:
            roles.grant(user, role)
        return user

    return make


@pytest.fixture
def login(client):
    """login(user): log the test client in through the real login form."""

    def do(user, password=PASSWORD):
        response = client.post("/compte/connexion/", {"username": user.email, "password": password})
        assert response.status_code == 302, "login failed"
        return client

    return do


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (rate limits, page cache)."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's language: a request answered in another language (a test
    client sending Accept-Language: en) leaves it active in the thread otherwise, and a later
    test rendering a template without a request would speak it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_channel_layer():
    """Each test gets channel layers of its own. A socket test that fails mid-exchange leaves its
    consumers' pending receives in an event loop that is gone; with Redis the layer's receive lock
    stays held by that loop, and every later socket test of the worker would fail on it
    ("bound to a different event loop") instead of the one failure being reported alone."""
    yield
    from channels.layers import channel_layers

    channel_layers.backends.clear()
