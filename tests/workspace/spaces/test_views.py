"""Every role against every page of a group: no leak, 403 or 404 as fits."""

import pytest
from django.urls import reverse

from workspace.spaces.models import Invitation, Membership

pytestmark = pytest.mark.django_db

PEOPLE = ["owner", "admin", "member", "guest", "outsider", "referent", "coordinator", "anonymous"]


def get_as(client, login, cast, who, url):
    user = getattr(cast.people, who)
    if user is not None:
        login(user)
    return client.get(url)


@pytest.mark.parametrize(
    "who,home,members,settings_page",
    [
        ("owner", 200, 200, 200),
        ("admin", 200, 200, 200),
        ("member", 200, 200, 403),
        ("guest", 200, 200, 403),
        ("outsider", 200, 403, 403),  # the presentation page with "ask to join"
        ("referent", 200, 403, 403),
        ("coordinator", 200, 200, 200),
        ("anonymous", 302, 302, 302),
    ],
)
def test_open_group_pages(client, login, cast, who, home, members, settings_page):
    slug = cast.group.slug
    for name, expected in (("spaces:detail", home), ("spaces:members", members), ("spaces:settings", settings_page)):
        response = get_as(client, login, cast, who, reverse(name, kwargs={"slug": slug}))
        assert response.status_code == expected, (who, name)


@pytest.mark.parametrize("who", ["outsider", "referent"])
def test_a_secret_group_answers_404_and_never_shows_its_name(client, login, cast, who):
    login(getattr(cast.people, who))
    for name in ("spaces:detail", "spaces:members", "spaces:settings", "spaces:join", "notes:index"):
        response = client.get(reverse(name, kwargs={"slug": cast.secret.slug}))
        assert response.status_code == 404, name
        assert "Groupe secret" not in response.content.decode()
    assert "Groupe secret" not in client.get(reverse("spaces:groups")).content.decode()


def test_someone_else_s_desk_is_a_404(client, login, cast):
    login(cast.people.coordinator)
    desk = cast.people.member.personal_space
    assert client.get(reverse("notes:index", kwargs={"slug": desk.slug})).status_code == 404


def test_a_non_member_sees_the_presentation_and_asks_to_join(client, login, cast):
    login(cast.people.outsider)
    url = reverse("spaces:detail", kwargs={"slug": cast.group.slug})
    page = client.get(url).content.decode()
    assert "Ask to join" in page or "Demander à rejoindre" in page
    response = client.post(reverse("spaces:join", kwargs={"slug": cast.group.slug}), {"message": "Bonjour"})
    assert response.status_code == 302
    assert Invitation.objects.filter(user=cast.people.outsider, kind="request", status="pending").exists()


def test_create_a_group_invite_and_accept_through_the_pages(client, login, member, cast):
    animator = member(first_name="Léa", last_name="Lafon")
    colleague = member(first_name="Julien", last_name="Vidal")
    login(animator)
    response = client.post(
        reverse("spaces:group-create"),
        {"name": "Communication", "purpose": "Affiches", "visibility": "open", "modules": ["notes"]},
    )
    assert response.status_code == 302
    group = animator.spaces.get(name="Communication")
    response = client.post(
        reverse("spaces:members", kwargs={"slug": group.slug}), {"who": "Julien Vidal", "role": "member"}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("spaces:members", kwargs={"slug": group.slug}), {"who": "Inconnu Total", "role": "member"}
    )
    assert response.status_code == 200 and "Inconnu Total" in response.content.decode()
    client.logout()
    login(colleague)
    assert "Communication" in client.get(reverse("workspace-home")).content.decode()
    invitation = Invitation.objects.get(user=colleague)
    response = client.post(reverse("spaces:invitation-answer", kwargs={"pk": invitation.pk}), {"answer": "accept"})
    assert response.status_code == 302
    assert Membership.objects.filter(user=colleague, space=group, role="member").exists()


def test_members_may_not_post_admin_forms(client, login, cast):
    login(cast.people.member)
    slug = cast.group.slug
    url = reverse("spaces:member-update", kwargs={"slug": slug, "user_id": cast.people.guest.pk})
    assert client.post(url, {"action": "remove"}).status_code == 403
    assert client.post(reverse("spaces:members", kwargs={"slug": slug}), {"who": "x@y.test"}).status_code == 403
    assert client.post(reverse("spaces:settings", kwargs={"slug": slug}), {"action": "archive"}).status_code == 403


def test_admin_archives_from_the_settings_and_the_group_is_listed_apart(client, login, cast):
    login(cast.people.admin)
    client.post(reverse("spaces:settings", kwargs={"slug": cast.group.slug}), {"action": "archive"})
    cast.group.refresh_from_db()
    assert cast.group.is_archived
    page = client.get(reverse("spaces:groups")).content.decode()
    assert page.index("Évaluation esp@p") > page.index('id="h-archived"')
