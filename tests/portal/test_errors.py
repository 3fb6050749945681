import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_404_is_a_french_page(client):
    response = client.get("/n-existe-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_403_and_500_render_in_french(rf):
    from portal import views

    request = rf.get("/")
    assert "Accès refusé" in views.permission_denied(request).content.decode()
    response = views.server_error(request)
    assert response.status_code == 500
    assert "Un problème est survenu" in response.content.decode()


def test_robots_and_sitemap(client):
    assert "Disallow: /espace/" in client.get("/robots.txt").content.decode()
    assert client.get("/sitemap.xml").status_code == 200


def test_security_headers_on_public_pages(client):
    response = client.get("/compte/connexion/")
    assert response["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
