"""One workspace layout: every page of the workspace has its side navigation, with the entry of
the page highlighted; none falls back on the public site's bare layout."""

import datetime
import io
import re
from collections import deque
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from directory.permissions import administrable_territories
from tests.factories import TerritoryFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
NAV = re.compile(r'<nav class="ws-nav" aria-label="Mes espaces">(.*?)</nav>', re.S)
CURRENT = re.compile(r'<a [^>]*aria-current="page"[^>]*>(.*?)</a>', re.S)
LINK = re.compile(r'href="(/espace/[^"#?]*)"')
# The public pages of the people app: a visitor asks for an account there, outside the workspace.
PUBLIC = {"people/register.html", "people/register_thanks.html"}


def template_name(path: Path) -> str:
    parts = path.parts
    return "/".join(parts[parts.index("templates") + 1 :])


def page_templates():
    """{template: the template it extends} for the pages of the workspace apps (includes,
    widgets and e-mails extend nothing)."""
    pages = {}
    for path in sorted(ROOT.glob("workspace/*/templates/**/*.html")):
        text = path.read_text()
        match = re.match(r'\s*{%\s*extends\s+"([^"]+)"', text)
        if match:
            pages[template_name(path)] = match.group(1)
    return pages


ESPAP_PUBLIC = (
    "public_request",
    "public_request_done",
    "public_cancel",
    "survey_form",
    "survey_closed",
    "survey_thanks",
)


def nav_of(html: str) -> str:
    match = NAV.search(html)
    return match.group(1) if match else ""


def current_entries(html: str) -> list[str]:
    """The labels of the navigation entries marked as the current page."""
    return [re.sub(r"<[^>]+>|[^\w\s:'-]", "", label).strip() for label in CURRENT.findall(nav_of(html))]


def test_every_workspace_page_template_extends_the_workspace_layout():
    pages = page_templates()
    assert "chat/chat.html" in pages and "people/member_directory.html" in pages
    outside = {name: parent for name, parent in pages.items() if parent != "workspace/base.html"}
    # the layout itself extends the site's, the registration pages are public, and the learner's
    # log is one page for the learner (public) and the workspace (log.html picks its layout)
    assert outside == {
        "workspace/base.html": "base.html",
        "tickets/log_internal.html": "tickets/log.html",
        **{name: "base.html" for name in PUBLIC},
        # esp@p's pages for inhabitants without an account: asking for an appointment, the survey
        **{f"espap/{name}.html": "base.html" for name in ESPAP_PUBLIC},
        # a visitor registers to a public workshop, or cancels, without an account
        **{f"publishing/{name}.html": "base.html" for name in ("public_register", "public_done", "public_cancel")},
    }


@pytest.fixture
def workspace(cast, member):
    """The cast's group with something in each module (its referent administers one territory,
    its coordinator all)."""
    from PIL import Image

    from workspace.agenda import services as agenda
    from workspace.chat import services as chat
    from workspace.contacts import services as contacts
    from workspace.files import services as files
    from workspace.forum import services as forum
    from workspace.notes import services as notes

    people, group = cast.people, cast.group
    TerritoryFactory()  # a second territory: the coordinator has the list of territories
    notes.note_create(space=group, author=people.owner, title="Compte rendu", body="<p>Relevé.</p>")
    forum.topic_create(space=group, author=people.owner, title="Dates des ateliers", body="<p>Mardi ?</p>")
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), "teal").save(buffer, "PNG")
    files.file_upload(
        space=group, actor=people.owner, upload=SimpleUploadedFile("affiche.png", buffer.getvalue(), "image/png")
    )
    agenda.event_create(
        space=group, author=people.owner, title="Atelier", starts_at=timezone.now() + datetime.timedelta(days=2)
    )
    contacts.post_create(author=people.member, text="Atelier tablettes jeudi.", visibility="network")
    chat.rooms_ensure(user=people.owner)
    return cast


def crawl(client, start="/espace/", limit=200):
    """Every page under /espace/ reachable by links from ``start``: {url: response}."""
    seen, queue, pages = {start}, deque([start]), {}
    while queue and len(pages) < limit:
        url = queue.popleft()
        response = client.get(url)
        pages[url] = response
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        for link in LINK.findall(response.content.decode()):
            if link not in seen and not link.endswith(".ics"):
                seen.add(link)
                queue.append(link)
    return pages


def test_every_workspace_page_has_the_workspace_navigation(client, workspace):
    people = workspace.people
    rendered = set()
    for who in (people.owner, people.referent, people.coordinator):
        client.force_login(who)
        for url, response in crawl(client).items():
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue
            html = response.content.decode()
            assert nav_of(html), f"{url} ({who}) has no workspace navigation"
            assert len(current_entries(html)) <= 1, f"{url}: {current_entries(html)}"
            rendered |= {t.name for t in response.templates}
    pages = {name for name, parent in page_templates().items() if parent == "workspace/base.html"}
    # A presentation is what someone outside a group sees of it; it is tested with the groups.
    # The Ticket déclic and esp@p pages are for the schemes' members, the public workshops' and
    # the place card's for the animators of a place: crawled in their own tests
    # (tests/workspace/tickets, espap, publishing, placecard).
    missing = {
        name for name in pages - rendered if not name.startswith(("tickets/", "espap/", "publishing/", "placecard/"))
    }
    assert missing <= {"dashboard/space_presentation.html"}, sorted(missing)


@pytest.mark.parametrize(
    "who,address,entry",
    [
        ("member", "/espace/discussion/", "Discussion"),
        ("member", "/espace/contacts/", "Mes contacts"),
        ("member", "/espace/contacts/fil/", "Mes contacts"),
        ("member", "/espace/membres/", "Membres"),
        ("member", "/espace/membres/{owner}/", "Membres"),
        ("member", "/espace/membres/{member}/", "Mon profil"),
        ("member", "/espace/profil/", "Mon profil"),
        ("referent", "/espace/territoires/{territory.slug}/", "Territoire : {territory.name}"),
        ("coordinator", "/espace/territoires/", "Territoires"),
        ("coordinator", "/espace/journal/", "Journal des actions"),
    ],
)
def test_the_entry_of_the_page_is_highlighted(client, workspace, who, address, entry):
    people = workspace.people
    territory = administrable_territories(people.referent).get()
    client.force_login(getattr(people, who))
    response = client.get(address.format(owner=people.owner.pk, member=people.member.pk, territory=territory))
    assert response.status_code == 200
    assert current_entries(response.content.decode()) == [entry.format(territory=territory)]


def test_a_group_room_is_the_chat_of_its_group(client, workspace):
    from workspace.chat.models import Room

    client.force_login(workspace.people.member)
    room = Room.objects.get(space=workspace.group)
    html = client.get(f"/espace/discussion/?salon={room.pk}").content.decode()
    nav = nav_of(html)
    assert workspace.group.name in nav  # the group's own entries are shown…
    assert current_entries(html) == ["Discussion"]  # …and its chat is the current one
    assert f'href="/espace/{workspace.group.slug}/discussion/"' in CURRENT.search(nav).group(0)


def test_only_administrators_see_the_administration_entries(client, workspace):
    people = workspace.people
    client.force_login(people.member)
    nav = nav_of(client.get("/espace/").content.decode())
    assert "Mon profil" in nav and "Territoire" not in nav and "Journal des actions" not in nav
    client.force_login(people.referent)
    nav = nav_of(client.get("/espace/").content.decode())
    territory = administrable_territories(people.referent).get()
    assert f"Territoire : {territory.name}" in nav and "Journal des actions" not in nav
    client.force_login(people.coordinator)
    nav = nav_of(client.get("/espace/").content.decode())
    assert 'href="/espace/territoires/"' in nav and "Journal des actions" in nav
