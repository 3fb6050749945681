"""The error pages a visitor meets with DEBUG off are French pages of the site, and the
production static pipeline (hashed, compressed files) collects and serves the site's pages."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import path

from portal.urls import handler403, handler404, handler500
from portal.urls import urlpatterns as site_patterns

pytestmark = pytest.mark.django_db


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("boom")


# This module is the URLconf of the tests below: the site's addresses, its handlers, two more.
urlpatterns = [path("essai/interdit/", forbidden), path("essai/panne/", broken), *site_patterns]
__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "core.staticfiles.ManifestStaticFilesStorage"},
}


@pytest.fixture
def without_debug(settings):
    """DEBUG off, as under `make run` and in production; this module as the URLconf."""
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__


def test_404_is_french_with_the_ways_out(client, without_debug):
    response = client.get("/n-existe-pas/", headers={"accept-language": "fr"})
    body = response.content.decode()
    assert response.status_code == 404
    assert "Page introuvable" in body
    assert "urlpatterns" not in body.lower() and "Using the URLconf" not in body
    assert 'role="search"' in body and 'action="/recherche/"' in body
    assert 'href="/annuaire/"' in body and 'class="site-header"' in body


def test_403_is_french(client, without_debug):
    response = client.get("/essai/interdit/")
    body = response.content.decode()
    assert response.status_code == 403
    assert "Accès refusé" in body
    assert 'href="/annuaire/"' in body


def test_500_is_french_and_needs_no_request_context(client, without_debug):
    client.raise_request_exception = False
    response = client.get("/essai/panne/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Un problème est survenu" in body
    assert "Traceback" not in body and "RuntimeError" not in body
    assert 'class="site-header"' in body and 'href="/annuaire/"' in body


def test_csrf_failure_is_a_french_page(client, without_debug):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/compte/connexion/", {"username": "a@b.test", "password": "x"})
    assert response.status_code == 403
    body = response.content.decode()
    assert 'class="site-header"' in body and 'href="/annuaire/"' in body
    assert "CSRF verification failed" not in body


def test_collectstatic_with_the_production_storage(tmp_path, client):
    """Vendored files naming source maps they do not ship must not stop collectstatic, and the
    collected, hashed files must be enough to render the pages (DEBUG off, no finders)."""
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=PRODUCTION_STORAGES):
        call_command("collectstatic", interactive=False, verbosity=0)
        manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
        assert "vendor/leaflet-markercluster/leaflet.markercluster.js" in manifest
        css = manifest["portal/css/maillage.css"]
        assert css != "portal/css/maillage.css" and (tmp_path / css).exists()
        with override_settings(DEBUG=False):
            for url, status in (("/compte/connexion/", 200), ("/inscription/", 200), ("/n-existe-pas/", 404)):
                response = client.get(url)
                assert response.status_code == status, url
                assert f"/static/{css}" in response.content.decode(), url


def test_make_run_serves_without_debug_on_plain_http(tmp_path):
    """`make run` (DEBUG=0 MAILLAGE_LOCAL_SERVER=1): no secret to give, the local names allowed,
    no HTTPS redirect nor HTTPS-only cookies, the production static storage."""
    from tests.portal.test_settings import run_python

    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS, 'ssl': s.SECURE_SSL_REDIRECT, "
        "'cookie': s.SESSION_COOKIE_SECURE, 'static': s.STORAGES['staticfiles']['BACKEND']}))"
    )
    result = run_python(code, {"DEBUG": "0", "MAILLAGE_LOCAL_SERVER": "1"}, tmp_path)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["debug"] is False
    assert {"127.0.0.1", "localhost"} <= set(values["hosts"])
    assert values["ssl"] is False and values["cookie"] is False
    assert values["static"] == "core.staticfiles.ManifestStaticFilesStorage"
