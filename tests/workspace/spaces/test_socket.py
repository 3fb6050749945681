"""The workspace WebSocket re-checks rights live: a socket loses what its member loses, at once,
and nothing a client sends crashes it (fuzzed frames, floods of typing notices)."""

import json
import random

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client
from guardian.shortcuts import assign_perm

from core import access, roles
from directory.permissions import ADMINISTER
from portal.asgi import application
from tests.factories import TerritoryFactory
from workspace.chat import services as chat
from workspace.people import services as people
from workspace.spaces import services as spaces

pytestmark = pytest.mark.django_db(transaction=True)
ORIGIN = (b"origin", b"http://testserver")


def logged_in(user):
    """A browser session of ``user``: (client, cookie header)."""
    client = Client()
    client.force_login(user)
    return client, f"sessionid={client.cookies['sessionid'].value}".encode()


async def open_socket(cookie, modules="chat"):
    communicator = WebsocketCommunicator(application, f"/ws/?modules={modules}", headers=[ORIGIN, (b"cookie", cookie)])
    connected, _ = await communicator.connect(timeout=10)
    assert connected
    assert (await communicator.receive_json_from(timeout=10))["type"] == "hello"
    return communicator


async def until(communicator, kind, timeout=5):
    while True:
        event = await communicator.receive_json_from(timeout=timeout)
        if event["type"] == kind:
            return event


async def closed_with(communicator, timeout=5):
    """The close code the server sent (skipping the frames before it)."""
    while True:
        output = await communicator.receive_output(timeout=timeout)
        if output["type"] == "websocket.close":
            return output.get("code")


async def still_open(communicator) -> bool:
    await communicator.send_json_to({"type": "ping"})
    return (await until(communicator, "pong"))["type"] == "pong"


@pytest.fixture
def pair(create_user):
    anne, bruno = create_user(first_name="Anne"), create_user(first_name="Bruno")
    room = chat.room_direct_open(user=anne, other=bruno)
    return anne, bruno, room


class TestRevocation:
    def test_a_deactivated_member_s_socket_closes_at_once(self, pair, create_user):
        anne, bruno, room = pair
        territory = TerritoryFactory(slug="grand-figeac", name="Grand-Figeac")
        type(bruno).objects.filter(pk=bruno.pk).update(territory=territory)
        bruno.refresh_from_db()
        referent = create_user(role=roles.REFERENT)
        assign_perm(ADMINISTER, referent, territory)
        _client, cookie = logged_in(bruno)

        async def run():
            socket = await open_socket(cookie)
            await database_sync_to_async(people.member_set_active)(actor=referent, member=bruno, active=False)
            code = await closed_with(socket)
            await socket.disconnect()
            return code

        assert async_to_sync(run)() == 4401

    def test_a_socket_refuses_to_act_once_its_member_lost_access_even_if_the_push_was_missed(self, pair):
        anne, bruno, room = pair
        _client, cookie = logged_in(bruno)

        async def run():
            socket = await open_socket(cookie)
            await until(socket, "chat.snapshot")
            await database_sync_to_async(access.bump)(access.AUTH, bruno.pk)  # no push: the version alone
            await socket.send_json_to({"type": "chat.send", "room": room.pk, "text": "encore là ?"})
            code = await closed_with(socket)
            await socket.disconnect()
            return code

        assert async_to_sync(run)() == 4401
        assert not room.messages.filter(text="encore là ?").exists()

    def test_logging_out_closes_that_session_s_sockets_only(self, pair):
        anne, bruno, room = pair
        first, first_cookie = logged_in(bruno)
        _second, second_cookie = logged_in(bruno)

        async def run():
            here = await open_socket(first_cookie)
            elsewhere = await open_socket(second_cookie)
            await database_sync_to_async(first.post)("/compte/deconnexion/")
            code = await closed_with(here)
            alive = await still_open(elsewhere)
            await here.disconnect()
            await elsewhere.disconnect()
            return code, alive

        assert async_to_sync(run)() == (4401, True)

    def test_a_password_change_closes_every_socket_of_the_member(self, pair):
        anne, bruno, room = pair
        _client, cookie = logged_in(bruno)

        def change_password():
            bruno.set_password("un-nouveau-mot-de-passe")
            bruno.save()

        async def run():
            socket = await open_socket(cookie, modules="")
            await database_sync_to_async(change_password)()
            code = await closed_with(socket)
            await socket.disconnect()
            return code

        assert async_to_sync(run)() == 4401

    def test_a_member_removed_from_a_group_is_refused_on_the_open_socket(self, cast, client):
        member = cast.people.member
        from workspace.chat.models import Room

        room = Room.objects.get(space=cast.group)
        _client, cookie = logged_in(member)

        async def run():
            socket = await open_socket(cookie)
            await until(socket, "chat.snapshot")
            await socket.send_json_to({"type": "chat.history", "room": room.pk})
            before = await until(socket, "chat.history")
            await database_sync_to_async(spaces.member_remove)(space=cast.group, actor=cast.people.owner, user=member)
            left = await until(socket, "chat.room_left")
            await socket.send_json_to({"type": "chat.history", "room": room.pk})
            after = await until(socket, "chat.error")
            await socket.disconnect()
            return before, left, after

        before, left, after = async_to_sync(run)()
        assert before["room"] == room.pk and left["room"] == room.pk
        assert after["code"] == "forbidden"


class TestProtocol:
    def test_a_few_hundred_generated_frames_each_get_an_answer_and_never_crash_the_socket(self, pair):
        anne, bruno, room = pair
        chat.message_send(user=anne, room=room, text="Bonjour")
        _client, cookie = logged_in(anne)
        rng = random.Random(12)
        values = [
            None, True, 0, -1, 1, 1e999, -1e999, 1.5, 2**70, "", "1", "abc", "9" * 40, [], [1], {}, {"a": 1},
            room.pk, str(room.pk), "😀" * 3, "<script>", "x" * 5000,
        ]  # fmt: skip
        types = [
            "chat.send", "chat.edit", "chat.delete", "chat.react", "chat.read", "chat.typing", "chat.resume",
            "chat.history", "presence.set", "ping", "nope", "", ["chat.send"], 3, None, {"t": 1},
        ]  # fmt: skip
        fields = ["room", "text", "id", "before", "after", "last_id", "local_id", "emoji", "status", "attachment"]
        frames = []
        for _ in range(300):
            frame = {"type": rng.choice(types)}
            for name in rng.sample(fields, rng.randint(0, 4)):
                frame[name] = rng.choice(values)
            frames.append(json.dumps(frame))
        frames += ["{not json", "[]", "null", "1", '"chat.send"', "[" * 5000 + "]" * 5000, "{" * 3000]

        async def run():
            socket = await open_socket(cookie)
            answers = []
            for text in frames:
                await socket.send_to(text_data=text)
                await socket.send_json_to({"type": "ping"})
                while True:
                    output = await socket.receive_output(timeout=5)
                    assert output["type"] != "websocket.close", f"closed after {text[:80]}"
                    event = json.loads(output["text"])
                    if event["type"] == "pong":
                        break
                    answers.append(event)
            await socket.disconnect()
            return answers

        answers = async_to_sync(run)()
        assert not [a for a in answers if a.get("error") == "server_error"]
        assert any(a.get("error") == "bad_message" for a in answers)

    def test_a_flood_of_typing_notices_reaches_the_other_member_once(self, pair):
        anne, bruno, room = pair
        _a, cookie_a = logged_in(anne)
        _b, cookie_b = logged_in(bruno)

        async def run():
            writer, reader = await open_socket(cookie_a), await open_socket(cookie_b)
            for _ in range(200):
                await writer.send_json_to({"type": "chat.typing", "room": room.pk})
            assert await still_open(writer)
            await reader.send_json_to({"type": "ping"})
            heard = []
            while True:
                event = await reader.receive_json_from(timeout=5)
                if event["type"] == "pong":
                    break
                heard.append(event["type"])
            await writer.disconnect()
            await reader.disconnect()
            return heard

        assert async_to_sync(run)().count("chat.typing") == 1

    def test_the_bell_s_socket_hears_its_notifications_not_the_rooms(self, pair):
        anne, bruno, room = pair
        _b, cookie_b = logged_in(bruno)

        async def run():
            bell = await open_socket(cookie_b, modules="")
            await database_sync_to_async(chat.message_send)(user=anne, room=room, text="Tu es là ?")
            event = await until(bell, "notification.new")
            await bell.send_json_to({"type": "ping"})
            heard = []
            while True:
                frame = await bell.receive_json_from(timeout=5)
                if frame["type"] == "pong":
                    break
                heard.append(frame["type"])
            await bell.disconnect()
            return event, heard

        event, heard = async_to_sync(run)()
        assert event["unread"] == 1
        assert "chat.message" not in heard and "chat.snapshot" not in heard


class TestRevokedDelivery:
    def test_a_member_removed_from_a_group_stops_receiving_its_room_at_once(self, cast):
        member, owner = cast.people.member, cast.people.owner
        from workspace.chat.models import Room

        room = Room.objects.get(space=cast.group)
        _client, member_cookie = logged_in(member)
        _client, owner_cookie = logged_in(owner)

        async def run():
            kept, watcher = await open_socket(member_cookie), await open_socket(owner_cookie)
            await until(kept, "chat.snapshot")
            await until(watcher, "chat.snapshot")
            await database_sync_to_async(chat.message_send)(user=owner, room=room, text="Avant")
            before = await until(kept, "chat.message")
            await database_sync_to_async(spaces.member_remove)(space=cast.group, actor=owner, user=member)
            await until(kept, "chat.room_left")
            await database_sync_to_async(chat.message_send)(user=owner, room=room, text="Après")
            heard = await until(watcher, "chat.message")
            while heard["message"]["text"] != "Après":
                heard = await until(watcher, "chat.message")
            frames = []
            while not await kept.receive_nothing(timeout=0.5):
                frames.append(await kept.receive_json_from())
            await kept.disconnect()
            await watcher.disconnect()
            return before, frames

        before, frames = async_to_sync(run)()
        assert before["message"]["text"] == "Avant"
        assert not [f for f in frames if f["type"] == "chat.message"]
