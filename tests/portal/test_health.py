import pytest

from portal import health

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def built_index(settings):
    from django.core.management import call_command

    call_command("rebuild_index", interactive=False, verbosity=0)


def test_every_component_is_checked_and_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "channel_layer", "search", "disk"}
    assert all(check["ok"] for check in body["checks"].values())


def test_a_broken_component_gives_503_and_is_named(client, monkeypatch):
    def broken_cache():
        raise ConnectionError("cache server unreachable")

    monkeypatch.setitem(health.CHECKS, "cache", broken_cache)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["cache"]
    assert body["checks"]["cache"]["error"] == "cache server unreachable"
    assert body["checks"]["database"]["ok"] is True


def test_a_missing_search_index_is_reported(client, settings, tmp_path):
    settings.HAYSTACK_CONNECTIONS = {
        "default": {"ENGINE": "haystack.backends.whoosh_backend.WhooshEngine", "PATH": str(tmp_path / "none")}
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    # Only the search index is named; the other checks are covered by the test above.
    assert "search" in body["failing"], body
    assert "rebuild_index" in body["checks"]["search"]["error"]
    assert body["checks"]["database"]["ok"] is True
