"""The workspace pages of the public workshops: the role × page matrix (direct address and POST),
the proposal form (bad input kept, no proposing for another place), the registrant list."""

import pytest
from django.test import Client

from tests.factories import PASSWORD
from tests.workspace.publishing.conftest import at, review
from workspace.publishing import selectors

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "member", "animator", "stranger", "referent", "referent_elsewhere", "officer", "coordinator")


def _client(world, role):
    client = Client()
    if role != "anonymous":
        user = getattr(world, role)
        assert client.post("/compte/connexion/", {"username": user.email, "password": PASSWORD}).status_code == 302
    return client


def _form(world, **extra):
    day = at(10)[0]
    data = {
        "title": "Atelier retouche photo",
        "place": world.place.pk,
        "day": day.strftime("%Y-%m-%d"),
        "start_time": "14:00",
        "end_time": "16:00",
        "extra_dates": "",
        "theme": "photo-video",
        "audience": "everyone",
        "summary": "Recadrer, éclaircir, partager ses photos.",
        "registration": "online",
        "capacity": "8",
        "contact": "",
        "registration_url": "",
    }
    data.update(extra)
    return data


def test_role_by_page_matrix(world, propose, online_event):
    changes = propose(title="À corriger")[0]
    review(changes, world.officer, "reject", comment="Précisez.")
    expected = {
        # page: {role: status}
        "/espace/ateliers/": dict(
            anonymous=302,
            member=404,
            animator=200,
            stranger=200,
            referent=200,
            referent_elsewhere=200,
            officer=200,
            coordinator=200,
        ),
        "/espace/ateliers/proposer/": dict(
            anonymous=302,
            member=404,
            animator=200,
            stranger=200,
            referent=403,
            referent_elsewhere=403,
            officer=200,
            coordinator=200,
        ),
        f"/espace/ateliers/{changes.pk}/modifier/": dict(
            anonymous=302,
            member=404,
            animator=200,
            stranger=404,
            referent=404,
            referent_elsewhere=404,
            officer=404,
            coordinator=200,
        ),
        f"/espace/ateliers/{online_event.pk}/inscrits/": dict(
            anonymous=302,
            member=404,
            animator=200,
            stranger=404,
            referent=200,
            referent_elsewhere=404,
            officer=200,
            coordinator=200,
        ),
        f"/espace/ateliers/{online_event.pk}/inscrits.csv": dict(
            anonymous=302,
            member=404,
            animator=200,
            stranger=404,
            referent=200,
            referent_elsewhere=404,
            officer=200,
            coordinator=200,
        ),
    }
    found = {}
    for role in ROLES:
        client = _client(world, role)
        for url, statuses in expected.items():
            found[(url, role)] = (client.get(url).status_code, statuses[role])
        # POSTs that change things, refused to those who may not
        if role in ("anonymous", "member", "stranger", "referent", "referent_elsewhere", "officer"):
            found[("withdraw", role)] = (
                client.post(f"/espace/ateliers/{changes.pk}/retirer/").status_code,
                302 if role == "anonymous" else 404,
            )
            found[("edit-post", role)] = (
                client.post(f"/espace/ateliers/{changes.pk}/modifier/", _form(world)).status_code,
                302 if role == "anonymous" else 404,
            )
    wrong = {k: v for k, v in found.items() if v[0] != v[1]}
    assert wrong == {}
    assert selectors.proposal_state(changes).code == "changes"


def test_policy_per_object_and_queryset_agree(world, propose, online_event):
    from home.models import EventPage
    from workspace.publishing import permissions as policy

    propose(title="Autre")
    events = list(EventPage.objects.all())
    for role in ROLES[1:]:
        user = getattr(world, role)
        for action in policy.ACTIONS:
            allowed = set(policy.events_for(user, action).values_list("pk", flat=True))
            assert allowed == {e.pk for e in events if policy.can(user, action, e)}, (role, action)


def test_propose_form_keeps_bad_input_and_refuses_another_place(world):
    client = _client(world, "animator")
    response = client.post("/espace/ateliers/proposer/", _form(world, capacity="", end_time="13:00"))
    assert response.status_code == 200
    assert "Atelier retouche photo" in response.content.decode()
    assert "Recadrer, éclaircir" in response.content.decode()
    response = client.post("/espace/ateliers/proposer/", _form(world, place=world.other.pk))
    assert response.status_code == 200
    from home.models import EventPage

    assert not EventPage.objects.filter(title="Atelier retouche photo").exists()
    # a non-picture is refused, the rest kept
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("photo.png", b"not a picture", content_type="image/png")
    response = client.post("/espace/ateliers/proposer/", {**_form(world), "image": fake})
    assert response.status_code == 200 and not EventPage.objects.filter(title="Atelier retouche photo").exists()


def test_propose_with_a_picture_and_recurring_dates(world):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from home.models import EventPage

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 90, 100)).save(buffer, "PNG")
    picture = SimpleUploadedFile("atelier.png", buffer.getvalue(), content_type="image/png")
    dates = "\n".join(at(d)[0].strftime("%d/%m/%Y") for d in (17, 24))
    client = _client(world, "animator")
    response = client.post("/espace/ateliers/proposer/", {**_form(world, extra_dates=dates), "image": picture})
    assert response.status_code == 302
    pages = list(EventPage.objects.filter(title="Atelier retouche photo").order_by("start"))
    assert len(pages) == 3 and pages[0].image and pages[0].image.collection.name == "Propositions"
    listing = client.get("/espace/ateliers/").content.decode()
    assert listing.count("<h3>Atelier retouche photo</h3>") == 1  # one proposal, three dates


def test_the_list_shows_the_reviewers_comment_in_few_queries(world, propose):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    review(propose(title="Atelier 0")[0], world.officer, "reject", comment="Commentaire 0")
    client = _client(world, "animator")
    client.get("/espace/ateliers/")
    with CaptureQueriesContext(connection) as one:
        client.get("/espace/ateliers/")
    for n in range(1, 4):
        review(propose(title=f"Atelier {n}")[0], world.officer, "reject", comment=f"Commentaire {n}")
    with CaptureQueriesContext(connection) as four:
        content = client.get("/espace/ateliers/").content.decode()
    assert "Commentaire 3" in content
    assert len(four) <= len(one) + 1, [q["sql"][:120] for q in four.captured_queries]


def test_registrants_list_and_cancel(world, online_event, django_capture_on_commit_callbacks):
    from workspace.publishing import services

    with django_capture_on_commit_callbacks(execute=True):
        first = services.registration_create(
            event=online_event, name="Jeanne Vidal", phone="0612345678", consent_text="x"
        )
    client = _client(world, "animator")
    assert "Jeanne Vidal" in client.get(f"/espace/ateliers/{online_event.pk}/inscrits/").content.decode()
    csv = client.get(f"/espace/ateliers/{online_event.pk}/inscrits.csv").content.decode("utf-8-sig")
    assert "Jeanne Vidal" in csv and "0612345678" in csv
    assert (
        _client(world, "stranger").post(f"/espace/ateliers/{online_event.pk}/inscrits/{first.pk}/annuler/").status_code
        == 404
    )
    response = client.post(f"/espace/ateliers/{online_event.pk}/inscrits/{first.pk}/annuler/")
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == "cancelled"
