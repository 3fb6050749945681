"""Referents edit the places of their territory only, in the Wagtail admin and by direct URL."""

import pytest

from core import roles
from directory.models import PlacePage
from directory.services import territory_referent_assign
from tests.directory.helpers import complete_place
from tests.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(create_user):
    cahors, figeac = TerritoryFactory(name="Grand Cahors"), TerritoryFactory(name="Grand-Figeac")
    a = complete_place(cahors, title="EPM de Cahors")
    b = complete_place(figeac, title="EPM de Figeac", commune="Figeac")
    referent_a = create_user()
    territory_referent_assign(user=referent_a, territory=cahors)
    referent_b = create_user()
    territory_referent_assign(user=referent_b, territory=figeac)
    return {
        "places": (a, b),
        "referent_a": referent_a,
        "referent_b": referent_b,
        "coordinator": create_user(role=roles.COORDINATOR),
        "animator": create_user(role=roles.ANIMATOR),
    }


@pytest.mark.parametrize(
    "who, can_a, can_b",
    [
        ("referent_a", True, False),
        ("referent_b", False, True),
        ("coordinator", True, True),
        ("animator", False, False),
        ("anonymous", False, False),
    ],
)
def test_edit_matrix(client, login, world, who, can_a, can_b):
    if who != "anonymous":
        login(world[who])
    for place, allowed in zip(world["places"], (can_a, can_b), strict=True):
        response = client.get(f"/admin/pages/{place.pk}/edit/")
        assert (response.status_code == 200) is allowed, (who, place.title, response.status_code)


def test_referent_cannot_save_another_territorys_place_by_direct_post(client, login, world):
    login(world["referent_a"])
    _a, b = world["places"]
    client.post(f"/admin/pages/{b.pk}/edit/", {"title": "Piraté", "slug": b.slug, "commune": "Figeac"})
    assert PlacePage.objects.get(pk=b.pk).title == "EPM de Figeac"


def test_referent_cannot_move_a_place_to_another_territory(client, login, world):
    login(world["referent_a"])
    a, b = world["places"]
    target = b.get_parent()
    client.post(f"/admin/pages/{a.pk}/move/{target.pk}/confirm/")
    a.refresh_from_db()
    assert a.get_parent().pk != target.pk and a.territory.name == "Grand Cahors"


def test_coordinator_move_carries_the_territory(world):
    a, b = world["places"]
    a.move(b.get_parent(), pos="last-child", user=world["coordinator"])
    assert PlacePage.objects.get(pk=a.pk).territory.name == "Grand-Figeac"


def test_referent_group_has_page_permissions_on_the_territory_subtree(world):
    from wagtail.models import GroupPagePermission

    group = world["places"][0].territory.group
    perms = set(GroupPagePermission.objects.filter(group=group).values_list("permission__codename", flat=True))
    assert perms == {"add_page", "change_page", "publish_page"}
    assert world["referent_a"].groups.filter(pk=group.pk).exists()


def test_referent_imports_into_their_territory_only(client, login, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from directory import services

    a, b = world["places"]
    text = services.places_to_csv([a, b]).replace("EPM de Cahors", "EPM de Cahors (nouveau nom)")
    text = text.replace("EPM de Figeac", "Piraté")
    login(world["referent_a"])
    response = client.post(
        "/admin/annuaire/import/",
        {"file": SimpleUploadedFile("lieux.csv", text.encode(), content_type="text/csv")},
    )
    assert response.status_code == 200
    html = b"".join(response.streaming_content).decode()  # the import runs as the page is sent
    assert PlacePage.objects.get(pk=a.pk).title == "EPM de Cahors (nouveau nom)"
    assert PlacePage.objects.get(pk=b.pk).title == "EPM de Figeac"
    assert "Grand-Figeac" in html  # the rejected line names the other territory


def test_import_page_is_refused_to_members_without_a_territory(client, login, world):
    login(world["animator"])
    assert client.get("/admin/annuaire/import/").status_code in {302, 403}


def test_referent_cannot_reattach_their_territory_page(client, login, world):
    login(world["referent_a"])
    territory_page = world["places"][0].get_parent()
    response = client.get(f"/admin/pages/{territory_page.pk}/edit/")
    assert response.status_code == 200
    assert 'name="territory"' not in response.content.decode()
    client.logout()
    login(world["coordinator"])
    assert 'name="territory"' in client.get(f"/admin/pages/{territory_page.pk}/edit/").content.decode()


def _csv(n):
    import csv
    import io

    from directory import vocabularies

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=vocabularies.COLUMNS)
    writer.writeheader()
    for i in range(n):
        writer.writerow(
            {
                "id": f"lieu-{i}",
                "nom": f"Lieu {i}",
                "commune": "Cahors",
                "code_postal": "46000" if i != 3 else "46",
                "adresse": "1 rue",
                "date_maj": "2026-01-02",
            }
        )
    return out.getvalue()


def test_import_page_shows_progress_then_the_report(client, login, world, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from directory import services

    monkeypatch.setattr(services, "IMPORT_BATCH", 2)
    login(world["referent_a"])
    response = client.post(
        "/admin/annuaire/import/", {"file": SimpleUploadedFile("lieux.csv", _csv(5).encode(), content_type="text/csv")}
    )
    chunks = [chunk.decode() for chunk in response.streaming_content]
    html = "".join(chunks)
    progress = [c for c in chunks if "import-progress" in c and "<progress" in c]
    assert len(progress) == 3  # after lines 2, 4 and 5
    assert "2 sur 5 lignes lues" in progress[0] and "5 sur 5 lignes lues" in progress[-1]
    assert "Lignes rejetées" in html and "code_postal" in html and "lieu-3" in html
    assert "4 lignes acceptées (4 créées, 0 mises à jour), 1 rejetées." in html
    assert html.rstrip().endswith("</html>")
    assert PlacePage.objects.filter(schema_id__startswith="lieu-").count() == 4


def test_import_streams_under_asgi_too(world):
    """Under Daphne the page is an async iterator; its batches run in the request's thread."""
    from asgiref.sync import async_to_sync
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.cache import SessionStore
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import AsyncRequestFactory
    from django.utils import translation

    from directory.wagtail_hooks import import_view

    request = AsyncRequestFactory().post(
        "/admin/annuaire/import/", {"file": SimpleUploadedFile("lieux.csv", _csv(3).encode(), content_type="text/csv")}
    )
    request.user = world["referent_a"]
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request._dont_enforce_csrf_checks = True
    with translation.override("fr"):
        response = import_view(request)

        async def read():
            return b"".join([chunk async for chunk in response.streaming_content]).decode()

        html = async_to_sync(read)()
    assert "3 sur 3 lignes lues" in html and "3 lignes acceptées" in html
    assert PlacePage.objects.filter(schema_id__startswith="lieu-").count() == 3
