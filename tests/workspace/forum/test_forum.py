import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.capture import sent_notifications
from workspace.forum import services
from workspace.forum.models import Post, Topic
from workspace.spaces import services as space_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic(cast):
    return services.topic_create(space=cast.group, author=cast.people.member, title="Ordre du jour", body="Qui vient ?")


class TestForum:
    def test_reply_notifies_the_subscribers_but_not_the_author(self, cast, topic):
        services.topic_subscribe(topic=topic, user=cast.people.guest, subscribed=True)
        with sent_notifications() as heard:
            services.post_reply(topic=topic, author=cast.people.admin, body="Moi")
        assert [n["kind"] for n in heard] == ["reply"]
        assert {u.pk for u in heard[0]["users"]} == {cast.people.member.pk, cast.people.guest.pk}
        topic.refresh_from_db()
        assert topic.reply_count == 1 and topic.last_post_by == cast.people.admin

    def test_guests_read_but_do_not_post(self, cast, topic):
        with pytest.raises(PermissionDenied):
            services.post_reply(topic=topic, author=cast.people.guest, body="Moi")
        with pytest.raises(PermissionDenied):
            services.topic_create(space=cast.group, author=cast.people.outsider, title="x", body="y")

    def test_a_locked_topic_takes_no_more_replies_except_from_moderators(self, cast, topic):
        with pytest.raises(PermissionDenied):
            services.topic_moderate(topic=topic, actor=cast.people.member, locked=True)
        services.topic_moderate(topic=topic, actor=cast.people.admin, locked=True, pinned=True)
        with pytest.raises(ValidationError):
            services.post_reply(topic=topic, author=cast.people.member, body="Encore")
        services.post_reply(topic=topic, author=cast.people.admin, body="Clos.")

    def test_the_author_edits_within_the_window_only(self, cast, topic):
        post = topic.posts.get()
        services.post_edit(post=post, editor=cast.people.member, body="Qui vient jeudi ?")
        with pytest.raises(PermissionDenied):
            services.post_edit(post=post, editor=cast.people.guest, body="x")
        Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - datetime.timedelta(hours=2))
        post.refresh_from_db()
        with pytest.raises(PermissionDenied):
            services.post_edit(post=post, editor=cast.people.member, body="trop tard")
        services.post_edit(post=post, editor=cast.people.admin, body="modéré")

    def test_posts_are_sanitised_and_empty_ones_refused(self, cast, topic):
        post = services.post_reply(topic=topic, author=cast.people.admin, body="<img src=x onerror=alert(1)><b>ok</b>")
        assert "onerror" not in post.body and "<b>ok</b>" in post.body
        with pytest.raises(ValidationError):
            services.post_reply(topic=topic, author=cast.people.admin, body="<p> </p>")

    def test_report_a_post(self, cast, topic):
        report = services.post_report(post=topic.posts.get(), reporter=cast.people.guest, reason="Hors sujet")
        assert report.pk
        with pytest.raises(PermissionDenied):
            services.post_report(post=topic.posts.get(), reporter=cast.people.outsider, reason="x")

    def test_unread_topics_are_marked(self, client, login, cast, topic):
        login(cast.people.admin)
        index = reverse("forum:index", kwargs={"slug": cast.group.slug})
        assert "ws-topic-row is-unread" in client.get(index).content.decode()
        client.get(topic.get_absolute_url())
        assert "ws-topic-row is-unread" not in client.get(index).content.decode()
        services.post_reply(topic=topic, author=cast.people.member, body="Nouveau")
        assert "ws-topic-row is-unread" in client.get(index).content.decode()

    def test_archived_group_forum_is_read_only(self, client, login, cast, topic):
        space_services.group_archive(space=cast.group, actor=cast.people.owner)
        topic = Topic.objects.select_related("space").get(pk=topic.pk)
        with pytest.raises(PermissionDenied):
            services.post_reply(topic=topic, author=cast.people.owner, body="x")
        login(cast.people.member)
        page = client.get(topic.get_absolute_url()).content.decode()
        assert "Qui vient" in page and 'id="reponse"' not in page
        assert client.post(topic.get_absolute_url(), {"body": "x"}).status_code == 403

    def test_quote_prefills_the_reply(self, client, login, cast, topic):
        login(cast.people.admin)
        post = topic.posts.get()
        page = client.get(f"{topic.get_absolute_url()}?citer={post.pk}").content.decode()
        assert "&lt;blockquote&gt;" in page and "Qui vient ?" in page


@pytest.mark.parametrize(
    "who,read,write",
    [
        ("owner", 200, 200),
        ("admin", 200, 200),
        ("member", 200, 200),
        ("guest", 200, 403),
        ("outsider", 403, 403),
        ("referent", 403, 403),
        ("coordinator", 200, 200),
        ("anonymous", 302, 302),
    ],
)
def test_forum_pages_for_every_role(client, login, cast, topic, who, read, write):
    user = getattr(cast.people, who)
    if user:
        login(user)
    kw = {"slug": cast.group.slug}
    assert client.get(reverse("forum:index", kwargs=kw)).status_code == read
    assert client.get(topic.get_absolute_url()).status_code == read
    assert client.get(reverse("forum:topic-create", kwargs=kw)).status_code == write


def test_other_space_ids_and_secret_groups_leak_nothing(client, login, cast):
    hidden = services.topic_create(space=cast.other, author=cast.people.outsider, title="Très secret", body="x")
    login(cast.people.member)
    for url in (
        reverse("forum:topic", kwargs={"slug": cast.group.slug, "pk": hidden.pk}),
        reverse("forum:topic", kwargs={"slug": cast.other.slug, "pk": hidden.pk}),
        reverse("forum:post-edit", kwargs={"slug": cast.group.slug, "pk": hidden.posts.get().pk}),
    ):
        response = client.get(url)
        assert response.status_code == 404 and "Très secret" not in response.content.decode()


def test_network_categories_and_posting_through_the_pages(client, login, cast):
    login(cast.people.coordinator)
    kw = {"slug": cast.network.slug}
    client.post(reverse("forum:category-create", kwargs=kw), {"name": "Entraide technique"})
    client.logout()
    login(cast.people.outsider)
    assert client.get(reverse("forum:category-create", kwargs=kw)).status_code == 403
    page = client.get(reverse("forum:topic-create", kwargs=kw)).content.decode()
    assert "Entraide technique" in page
    response = client.post(reverse("forum:topic-create", kwargs=kw), {"title": "", "body": ""})
    assert response.status_code == 200 and "field-error" in response.content.decode()
    response = client.post(reverse("forum:topic-create", kwargs=kw), {"title": "Imprimante", "body": "Elle bourre."})
    topic = Topic.objects.get(title="Imprimante")
    assert response.status_code == 302
    response = client.post(topic.get_absolute_url(), {"body": "Résolu"})
    assert response.status_code == 302 and topic.posts.count() == 2
