import pytest
from django.urls import reverse

from workspace.forum import services as forum_services
from workspace.notifications import services
from workspace.notifications.models import Notification
from workspace.spaces import services as space_services

pytestmark = pytest.mark.django_db


class TestNotifications:
    def test_an_invitation_and_a_request_are_notified(self, cast, member, django_capture_on_commit_callbacks):
        colleague = member()
        with django_capture_on_commit_callbacks(execute=True):
            space_services.member_invite(space=cast.group, actor=cast.people.owner, who=colleague.email)
            space_services.join_request(space=cast.group, user=cast.people.outsider)
        assert "Évaluation esp@p" in Notification.objects.get(user=colleague).text
        assert Notification.objects.filter(kind="request", user__in=[cast.people.owner, cast.people.admin]).count() == 2

    def test_a_reply_notifies_subscribers(self, cast, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            topic = forum_services.topic_create(space=cast.group, author=cast.people.member, title="Salle", body="?")
            forum_services.post_reply(topic=topic, author=cast.people.admin, body="Réservée")
        notification = Notification.objects.get(user=cast.people.member, kind="reply")
        assert "Salle" in notification.text
        assert not Notification.objects.filter(user=cast.people.admin, kind="reply").exists()

    def test_archiving_soon_and_archived_are_notified(self, cast, django_capture_on_commit_callbacks):
        import datetime

        from django.utils import timezone

        from workspace.spaces.models import Space

        Space.objects.filter(pk=cast.group.pk).update(ends_on=timezone.localdate() + datetime.timedelta(days=3))
        with django_capture_on_commit_callbacks(execute=True):
            space_services.groups_archive_due()
        assert Notification.objects.filter(kind="archive", user=cast.people.owner).count() == 1
        with django_capture_on_commit_callbacks(execute=True):
            space_services.group_archive(space=cast.group, actor=cast.people.owner)
        assert Notification.objects.filter(kind="archive", user=cast.people.guest).count() == 1

    def test_the_bell_shows_the_count_and_the_list_marks_read(self, client, login, cast):
        services.mark_read(user=cast.people.member)  # the invitations of the cast
        services.notify(users=[cast.people.member], kind="mention", text="Bonjour", url="/espace/")
        services.notify(users=[cast.people.member], kind="mention", text="Encore", url="https://evil.test/")
        login(cast.people.member)
        page = client.get(reverse("spaces:groups")).content.decode()
        assert 'data-bell-count aria-hidden="true">2<' in page
        other = Notification.objects.get(text="Encore")
        assert client.get(reverse("notifications:open", kwargs={"pk": other.pk})).url == reverse("notifications:index")
        page = client.get(reverse("workspace-home")).content.decode()
        assert 'data-bell-count aria-hidden="true">1<' in page
        client.post(reverse("notifications:mark-read"))
        assert services.unread_count(cast.people.member) == 0

    def test_nobody_opens_someone_else_s_notification(self, client, login, cast):
        (notification,) = services.notify(users=[cast.people.owner], kind="mention", text="Privé")
        login(cast.people.member)
        assert client.get(reverse("notifications:open", kwargs={"pk": notification.pk})).status_code == 404
        assert "Privé" not in client.get(reverse("notifications:index")).content.decode()

    def test_daily_digest(self, cast, mailoutbox):
        services.preference_set(user=cast.people.member, daily_digest=True)
        services.notify(
            users=[cast.people.member, cast.people.guest], kind="mention", text="Réunion jeudi", url="/espace/"
        )
        assert services.digest_send() == 1
        assert "Réunion jeudi" in mailoutbox[0].body and mailoutbox[0].to == [cast.people.member.email]
        assert services.digest_send() == 0  # once only


@pytest.mark.django_db(transaction=True)
def test_a_notification_is_pushed_to_the_member_s_socket(client, create_user):
    from asgiref.sync import async_to_sync
    from channels.db import database_sync_to_async
    from channels.testing import WebsocketCommunicator

    from portal.asgi import application

    user = create_user()
    client.force_login(user)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()

    async def run():
        communicator = WebsocketCommunicator(
            application, "/ws/", headers=[(b"origin", b"http://testserver"), (b"cookie", cookie)]
        )
        connected, _ = await communicator.connect()
        assert connected
        await communicator.receive_json_from()  # hello (other modules may send their snapshots too)
        await database_sync_to_async(services.notify)(users=[user], kind="mention", text="Coucou", url="/espace/")
        event = {}
        while not event.get("type", "").startswith("notification."):
            event = await communicator.receive_json_from(timeout=3)
        await communicator.disconnect()
        return event

    event = async_to_sync(run)()
    assert event["type"] == "notification.new" and event["unread"] == 1 and event["text"] == "Coucou"
