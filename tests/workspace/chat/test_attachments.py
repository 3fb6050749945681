"""A file of the Files module attached to a chat message: only a file the sender sees, only in a
room whose every member may see it; later readers who may not see it get "hidden", a file put in
the trash shows as deleted; its bytes stay behind the files policy."""

import pytest
from asgiref.sync import async_to_sync
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.workspace.chat.test_consumer import cookie_for, open_socket, receive_type
from workspace.chat import services
from workspace.chat.models import Message
from workspace.chat.space_rooms import space_room_sync
from workspace.files import services as files

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def api(room):
    return f"/espace/discussion/api/salons/{room.pk}/messages/"


@pytest.fixture
def report(cast):
    upload = SimpleUploadedFile("compte-rendu-atelier.pdf", PDF, content_type="application/pdf")
    return files.file_upload(space=cast.group, actor=cast.people.member, upload=upload)


@pytest.fixture
def group_room(cast):
    return space_room_sync(cast.group)


@pytest.mark.django_db
class TestSending:
    def test_a_member_shares_a_group_file_in_the_group_room(self, cast, report, group_room, client):
        message = services.message_send(
            user=cast.people.member, room=group_room, text="Le compte rendu", attachment_id=report.pk
        )
        assert message.attachment == report
        client.force_login(cast.people.guest)  # a guest of the group reads the room and its files
        payload = client.get(api(group_room)).json()["messages"][-1]
        assert payload["attachment"]["name"] == "compte-rendu-atelier.pdf"
        assert payload["attachment"]["space"] == cast.group.name
        assert client.get(payload["attachment"]["url"]).status_code == 200
        assert b"".join(client.get(payload["attachment"]["download"]).streaming_content) == PDF

    def test_a_file_alone_is_a_message(self, cast, report, group_room):
        message = services.message_send(user=cast.people.member, room=group_room, text="", attachment_id=report.pk)
        assert message.text == "" and message.attachment_id == report.pk
        with pytest.raises(services.ChatError) as error:
            services.message_send(user=cast.people.member, room=group_room, text="  ")
        assert error.value.code == "empty"

    def test_a_file_the_sender_cannot_see_is_refused_and_nothing_is_stored(self, cast, group_room):
        upload = SimpleUploadedFile("budget-secret.pdf", PDF, content_type="application/pdf")
        other = files.file_upload(space=cast.other, actor=cast.people.outsider, upload=upload)
        for attachment_id in (other.pk, 999999, "abc"):
            with pytest.raises(services.ChatError) as error:
                services.message_send(
                    user=cast.people.member, room=group_room, text="Regardez", attachment_id=attachment_id
                )
            assert error.value.code == "attachment"
            assert "budget" not in str(error.value)  # not even its name
        assert not Message.objects.filter(room=group_room).exists()

    def test_a_file_in_the_trash_cannot_be_attached(self, cast, report, group_room):
        files.file_delete(file=report, actor=cast.people.member)
        with pytest.raises(services.ChatError) as error:
            services.message_send(user=cast.people.member, room=group_room, text="x", attachment_id=report.pk)
        assert error.value.code == "attachment"

    def test_a_conversation_with_someone_outside_the_group_refuses_the_file(self, cast, report):
        room = services.room_direct_open(user=cast.people.member, other=cast.people.outsider)
        with pytest.raises(services.ChatError) as error:
            services.message_send(user=cast.people.member, room=room, text="Tiens", attachment_id=report.pk)
        assert error.value.code == "attachment_hidden"
        assert "1 member" in str(error.value) or "1 membre" in str(error.value)
        # with a member of the group it goes through
        room = services.room_direct_open(user=cast.people.member, other=cast.people.admin)
        assert services.message_send(user=cast.people.member, room=room, text="Tiens", attachment_id=report.pk).pk

    def test_the_lounge_refuses_a_group_file(self, cast, report):
        lounge = services.lounge()
        for person in (cast.people.member, cast.people.outsider):
            services.rooms_ensure(user=person)
        with pytest.raises(services.ChatError) as error:
            services.message_send(user=cast.people.member, room=lounge, text="", attachment_id=report.pk)
        assert error.value.code == "attachment_hidden"


@pytest.mark.django_db
class TestReading:
    def test_a_later_reader_who_may_not_see_the_file_gets_hidden_without_its_name(self, cast, report, client):
        room = services.room_direct_open(user=cast.people.member, other=cast.people.admin)
        services.message_send(user=cast.people.member, room=room, text="Tiens", attachment_id=report.pk)
        cast.Membership.objects.filter(space=cast.group, user=cast.people.admin).delete()
        from workspace.spaces.models import SpaceUserObjectPermission
        from workspace.spaces.permissions import policy

        SpaceUserObjectPermission.objects.filter(content_object=cast.group, user=cast.people.admin).delete()
        policy.forget(cast.people.admin)
        client.force_login(cast.people.admin)
        response = client.get(api(room))
        assert response.json()["messages"][-1]["attachment"] == {"id": report.pk, "hidden": True}
        assert b"compte-rendu" not in response.content
        page = client.get(f"/espace/discussion/?salon={room.pk}")
        assert "compte-rendu" not in page.content.decode()
        assert "Fichier joint que vous ne pouvez pas voir" in page.content.decode()

    def test_a_trashed_file_shows_as_deleted(self, cast, report, group_room, client):
        services.message_send(user=cast.people.member, room=group_room, text="Le voici", attachment_id=report.pk)
        files.file_delete(file=report, actor=cast.people.member)
        client.force_login(cast.people.owner)
        payload = client.get(api(group_room)).json()["messages"][-1]
        assert payload["attachment"] == {"id": report.pk, "removed": True}
        assert payload["text"] == "Le voici"


@pytest.mark.django_db
class TestChatPage:
    def test_the_composer_lists_the_files_one_may_attach_and_preselects_a_shared_one(self, cast, report, client):
        upload = SimpleUploadedFile("budget-secret.pdf", PDF, content_type="application/pdf")
        files.file_upload(space=cast.other, actor=cast.people.outsider, upload=upload)
        room = space_room_sync(cast.group)
        client.force_login(cast.people.member)
        page = client.get(f"/espace/discussion/?salon={room.pk}&fichier={report.pk}").content.decode()
        assert "compte-rendu-atelier.pdf" in page
        assert "budget-secret" not in page
        assert f'<option value="{report.pk}" selected>' in page

    def test_the_composer_offers_only_files_every_member_of_the_room_sees(self, cast, report, client):
        client.force_login(cast.people.member)
        with_outsider = services.room_direct_open(user=cast.people.member, other=cast.people.outsider)
        with_admin = services.room_direct_open(user=cast.people.member, other=cast.people.admin)
        services.rooms_ensure(user=cast.people.member)
        offered = {
            name: f'value="{report.pk}"' in client.get(f"/espace/discussion/?salon={room.pk}").content.decode()
            for name, room in (("outsider", with_outsider), ("admin", with_admin), ("lounge", services.lounge()))
        }
        assert offered == {"outsider": False, "admin": True, "lounge": False}
        # chosen from the file's page, it is still offered: sending says why it cannot go
        page = client.get(f"/espace/discussion/?salon={with_outsider.pk}&fichier={report.pk}").content.decode()
        assert f'<option value="{report.pk}" selected>' in page

    def test_without_javascript_a_file_is_sent_and_a_refusal_keeps_the_text(self, cast, report, client):
        room = space_room_sync(cast.group)
        client.force_login(cast.people.member)
        url = "/espace/discussion/"
        client.post(url, {"room": room.pk, "text": "", "attachment": report.pk})
        assert Message.objects.get(room=room).attachment == report
        response = client.post(url, {"room": room.pk, "text": "Mon long brouillon", "attachment": 999999}, follow=True)
        page = response.content.decode()
        assert "Ce fichier n’existe pas ou vous ne pouvez pas le voir." in page
        assert "Mon long brouillon</textarea>" in page
        assert Message.objects.filter(room=room).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_socket_fans_out_the_attachment(cast, report):
    room = space_room_sync(cast.group)
    cookie_member, cookie_guest = cookie_for(Client(), cast.people.member), cookie_for(Client(), cast.people.guest)

    async def run():
        ws_member, _ = await open_socket(cookie_member)
        ws_guest, _ = await open_socket(cookie_guest)
        try:
            await ws_member.send_json_to(
                {"type": "chat.send", "room": room.pk, "text": "", "local_id": "f1", "attachment": report.pk}
            )
            return await receive_type(ws_guest, "chat.message")
        finally:
            await ws_member.disconnect()
            await ws_guest.disconnect()

    event = async_to_sync(run)()
    assert event["message"]["attachment"]["name"] == "compte-rendu-atelier.pdf"
    assert event["message"]["attachment"]["download"].endswith("/telecharger/")


@pytest.mark.django_db
def test_a_file_page_offers_to_share_it_in_its_group_room(cast, report, client):
    room = space_room_sync(cast.group)
    client.force_login(cast.people.member)
    page = client.get(report.get_absolute_url()).content.decode()
    share = f"/espace/discussion/partager/{report.pk}/"
    assert f'href="{share}"' in page and "Partager dans la discussion" in page
    assert client.get(share).url == f"/espace/discussion/?salon={room.pk}&fichier={report.pk}"
    client.force_login(cast.people.guest)  # a guest cannot write in the room: the chat page, file chosen
    assert client.get(share).url == f"/espace/discussion/?fichier={report.pk}"
    client.force_login(cast.people.outsider)  # who may not see the file learns nothing
    assert client.get(share).status_code == 404


@pytest.mark.django_db
def test_a_trashed_file_does_not_hide_the_other_files_of_its_space(cast, report, group_room, client):
    upload = SimpleUploadedFile("ordre-du-jour.pdf", PDF, content_type="application/pdf")
    agenda = files.file_upload(space=cast.group, actor=cast.people.member, upload=upload)
    for stored in (report, agenda):
        services.message_send(user=cast.people.member, room=group_room, text="", attachment_id=stored.pk)
    files.file_delete(file=report, actor=cast.people.member)
    client.force_login(cast.people.guest)
    first, second = client.get(api(group_room)).json()["messages"][-2:]
    assert first["attachment"] == {"id": report.pk, "removed": True}
    assert second["attachment"]["name"] == "ordre-du-jour.pdf"


@pytest.mark.django_db
def test_the_group_chat_widget_links_the_shared_file(cast, report, group_room, client):
    services.message_send(user=cast.people.member, room=group_room, text="", attachment_id=report.pk)
    client.force_login(cast.people.guest)
    page = client.get(f"/espace/{cast.group.slug}/").content.decode()
    widget = page.split("ws-widget-group_chat")[1].split("</section>")[0]
    assert f'<a href="{report.get_absolute_url()}">Fichier : compte-rendu-atelier.pdf</a>' in widget
