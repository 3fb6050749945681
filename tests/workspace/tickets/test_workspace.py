"""The scheme in the workspace: its menu entry and desk widgets reach the people in it only."""

import pytest
from django.urls import reverse

from workspace.spaces import services as spaces


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, listed",
    [
        ("prescriber", True),
        ("animator", True),
        ("manager", True),
        ("referent", True),
        ("plain_animator", False),
        ("member", False),
    ],
)
def test_the_side_navigation_lists_the_scheme_for_its_members_only(scheme, client, role, listed):
    user = getattr(scheme, role)
    spaces.member_spaces_ensure(user=user)
    client.force_login(user)
    page = client.get(reverse("workspace-home")).content.decode()
    assert (f'href="{reverse("tickets:index")}"' in page) is listed


@pytest.mark.django_db
def test_each_desk_holds_the_widget_of_its_role(scheme, make_ticket, client):
    make_ticket("completed")
    expected = {
        "prescriber": "Tickets à suivre",
        "animator": "Mes apprenants cette semaine",
        "manager": "Demandes à valider",
    }
    for role, title in expected.items():
        user = getattr(scheme, role)
        spaces.member_spaces_ensure(user=user)
        client.force_login(user)
        page = client.get(reverse("workspace-home")).content.decode()
        assert title in page, role
        for other_role, other_title in expected.items():
            if other_role != role:
                assert other_title not in page, (role, other_title)


@pytest.mark.django_db
def test_the_pages_of_each_role_render_what_they_hold(scheme, make_ticket, client):
    ticket = make_ticket("completed")
    followed = make_ticket("in_progress", first_name="Jean")
    enrolment = ticket.enrolments.first()
    client.force_login(scheme.prescriber)
    assert ticket.display_reference in client.get(reverse("tickets:list")).content.decode()
    assert "Jean Bessières" in client.get(reverse("tickets:index")).content.decode()
    client.force_login(scheme.animator)
    page = client.get(reverse("tickets:index")).content.decode()
    assert "Jean Bessières" in page and "Lucie Bessières" not in page  # completed: no longer followed
    sheet = client.get(reverse("tickets:sheet", args=[enrolment.session_id, enrolment.pk])).content.decode()
    assert "Pix" in sheet and 'value="acquired"' in sheet
    interview = client.get(reverse("tickets:interview", args=[followed.reference])).content.decode()
    assert "Information et données" in interview
    client.force_login(scheme.manager)
    assert ticket.display_reference in client.get(reverse("tickets:claims")).content.decode()


@pytest.mark.django_db
def test_every_page_of_the_scheme_has_the_workspace_navigation_with_the_scheme_current(scheme, make_ticket, client):
    from tests.workspace.spaces.test_layout import crawl, current_entries, nav_of

    make_ticket("completed")
    make_ticket("in_progress", first_name="Jean")
    for who in (scheme.animator, scheme.prescriber, scheme.manager):
        spaces.member_spaces_ensure(user=who)
        client.force_login(who)
        pages = crawl(client, start="/espace/tickets/", limit=60)
        scheme_pages = [url for url in pages if url.startswith("/espace/tickets/") and "carnet" not in url]
        assert len(scheme_pages) > 5
        for url in scheme_pages:
            response = pages[url]
            assert response.status_code == 200, (who, url)
            if not response["Content-Type"].startswith("text/html"):
                continue
            html = response.content.decode()
            assert nav_of(html), f"{url} has no workspace navigation"
            assert current_entries(html) == ["Ticket déclic"], (url, current_entries(html))
