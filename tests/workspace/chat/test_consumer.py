"""The chat over the workspace WebSocket: membership, send/receive, edit, delete, resume, limits."""

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator

from portal.asgi import application
from workspace.chat import services
from workspace.chat.models import Message

pytestmark = pytest.mark.django_db(transaction=True)


def cookie_for(client, user):
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


async def open_socket(cookie):
    communicator = WebsocketCommunicator(
        application, "/ws/?modules=chat", headers=[(b"origin", b"http://testserver"), (b"cookie", cookie)]
    )
    connected, _ = await communicator.connect(timeout=10)
    assert connected
    assert (await communicator.receive_json_from(timeout=10))["type"] == "hello"
    snapshot = await communicator.receive_json_from(timeout=10)
    assert snapshot["type"] == "chat.snapshot"
    return communicator, snapshot


async def receive_type(communicator, kind, timeout=10):
    while True:
        event = await communicator.receive_json_from(timeout=timeout)
        if event["type"] == kind:
            return event


async def resumed_ids(communicator):
    """The ids of the messages a resume returns, until the server says it is done."""
    received = []
    while True:
        event = await communicator.receive_json_from(timeout=10)
        if event["type"] == "chat.resumed":
            return received
        if event["type"] == "chat.message":
            received.append(event["message"]["id"])


@pytest.fixture
def trio(client, create_user):
    a, b, outsider = create_user(first_name="Anne"), create_user(first_name="Bruno"), create_user(first_name="Zoé")
    room = services.room_direct_open(user=a, other=b)
    from django.test import Client

    return {
        "a": a,
        "b": b,
        "outsider": outsider,
        "room": room,
        "cookie_a": cookie_for(Client(), a),
        "cookie_b": cookie_for(Client(), b),
        "cookie_out": cookie_for(Client(), outsider),
    }


def test_snapshot_lists_the_members_rooms_with_unread(trio):
    services.message_send(user=trio["a"], room=trio["room"], text="Coucou")

    async def run():
        ws, snapshot = await open_socket(trio["cookie_b"])
        await ws.disconnect()
        return snapshot

    snapshot = async_to_sync(run)()
    rooms = {r["id"]: r for r in snapshot["rooms"]}
    assert rooms[trio["room"].pk]["unread"] == 1
    assert rooms[trio["room"].pk]["name"] == "" or "Anne" in rooms[trio["room"].pk]["name"]
    assert any(r["kind"] == "lounge" for r in snapshot["rooms"])


def test_send_receive_with_local_id_echoed(trio):
    async def run():
        ws_a, _ = await open_socket(trio["cookie_a"])
        ws_b, _ = await open_socket(trio["cookie_b"])
        await ws_a.send_json_to(
            {"type": "chat.send", "room": trio["room"].pk, "text": "Salut <b>Bruno</b>", "local_id": "x1"}
        )
        got_b = await receive_type(ws_b, "chat.message")
        seen = {}
        while len(seen) < 2:  # the ack and the fanned-out message, in either order
            event = await ws_a.receive_json_from(timeout=10)
            if event["type"] in ("chat.ack", "chat.message"):
                seen[event["type"]] = event
        got_a, ack = seen["chat.message"], seen["chat.ack"]
        await ws_a.disconnect()
        await ws_b.disconnect()
        return got_a, got_b, ack

    got_a, got_b, ack = async_to_sync(run)()
    assert got_b["message"]["text"] == "Salut <b>Bruno</b>"  # stored as typed; clients insert it as text
    assert got_a["message"]["local_id"] == "x1"
    assert ack["id"] == got_b["message"]["id"] == Message.objects.get().pk


def test_a_non_member_can_neither_send_nor_listen(trio):
    async def run():
        ws_out, snapshot = await open_socket(trio["cookie_out"])
        await ws_out.send_json_to({"type": "chat.send", "room": trio["room"].pk, "text": "intrus", "local_id": "i"})
        error = await receive_type(ws_out, "chat.error")
        await ws_out.send_json_to({"type": "chat.history", "room": trio["room"].pk})
        error2 = await receive_type(ws_out, "chat.error")
        ws_a, _ = await open_socket(trio["cookie_a"])
        await ws_a.send_json_to({"type": "chat.send", "room": trio["room"].pk, "text": "privé", "local_id": "p"})
        await receive_type(ws_a, "chat.ack")
        leaked = await ws_out.receive_nothing(timeout=0.5)
        await ws_out.disconnect()
        await ws_a.disconnect()
        return snapshot, error, error2, leaked

    snapshot, error, error2, nothing = async_to_sync(run)()
    assert trio["room"].pk not in {r["id"] for r in snapshot["rooms"]}
    assert error["code"] == "forbidden" and error2["code"] == "forbidden"
    assert nothing is True
    assert not Message.objects.filter(text="intrus").exists()


def test_edit_and_delete_own_message_only(trio):
    message = services.message_send(user=trio["a"], room=trio["room"], text="Version 1")

    async def run():
        ws_a, _ = await open_socket(trio["cookie_a"])
        ws_b, _ = await open_socket(trio["cookie_b"])
        await ws_b.send_json_to({"type": "chat.edit", "id": message.pk, "text": "piraté"})
        refused = await receive_type(ws_b, "chat.error")
        await ws_a.send_json_to({"type": "chat.edit", "id": message.pk, "text": "Version 2"})
        edited = await receive_type(ws_b, "chat.update")
        await ws_a.send_json_to({"type": "chat.delete", "id": message.pk})
        deleted = await receive_type(ws_b, "chat.update")
        await ws_a.disconnect()
        await ws_b.disconnect()
        return refused, edited, deleted

    refused, edited, deleted = async_to_sync(run)()
    assert refused["code"] == "forbidden"
    assert edited["message"]["text"] == "Version 2" and edited["message"]["edited"]
    assert deleted["message"]["deleted"] and deleted["message"]["text"] == ""


def test_resume_returns_exactly_the_missed_messages_in_order(trio):
    first = services.message_send(user=trio["a"], room=trio["room"], text="vu")

    async def run():
        ws_b, _ = await open_socket(trio["cookie_b"])
        await ws_b.disconnect()
        return None

    async_to_sync(run)()
    missed = [services.message_send(user=trio["a"], room=trio["room"], text=f"manqué {n}").pk for n in range(3)]

    async def resume():
        ws_b, _ = await open_socket(trio["cookie_b"])
        await ws_b.send_json_to({"type": "chat.resume", "last_id": first.pk})
        received = await resumed_ids(ws_b)
        await ws_b.disconnect()
        return received

    assert async_to_sync(resume)() == missed


def test_size_and_rate_limits(trio, monkeypatch):
    # all 21 messages fall in one window of the limit, however slow the machine is
    monkeypatch.setattr(services, "_now", lambda: 1_000_000.0)

    async def run():
        ws_a, _ = await open_socket(trio["cookie_a"])
        await ws_a.send_json_to({"type": "chat.send", "room": trio["room"].pk, "text": "x" * 4001, "local_id": "big"})
        too_long = await receive_type(ws_a, "chat.error")
        codes = []
        for n in range(21):
            await ws_a.send_json_to(
                {"type": "chat.send", "room": trio["room"].pk, "text": f"m{n}", "local_id": f"r{n}"}
            )
        for _ in range(21):
            event = await ws_a.receive_json_from(timeout=10)
            while event["type"] not in ("chat.ack", "chat.error"):
                event = await ws_a.receive_json_from(timeout=10)
            codes.append(event.get("code", "ok"))
        await ws_a.disconnect()
        return too_long, codes

    too_long, codes = async_to_sync(run)()
    assert too_long["code"] == "too_long" and "4000" in too_long["error"]
    assert codes.count("ok") == 20 and codes[-1] == "rate_limited"


def test_bad_frames_get_an_error_not_a_crash(trio):
    async def run():
        ws_a, _ = await open_socket(trio["cookie_a"])
        await ws_a.send_to(text_data="{not json")
        first = await receive_type(ws_a, "error")
        await ws_a.send_json_to({"type": "chat.send", "room": "abc", "text": "x"})
        second = await receive_type(ws_a, "error")
        await ws_a.send_json_to({"type": "ping"})
        pong = await receive_type(ws_a, "pong")
        await ws_a.disconnect()
        return first, second, pong

    first, second, pong = async_to_sync(run)()
    assert first["type"] == "error" and second["error"] == "bad_message" and pong["type"] == "pong"


def test_a_live_message_names_the_previous_one_and_a_gap_in_one_room_is_filled(trio):
    """A dropped event leaves a hole: the next message's ``prev`` shows it, and a resume for that
    room alone returns what is missing, not the other rooms' messages."""
    other_room = services.room_direct_open(user=trio["b"], other=trio["outsider"])
    seen = services.message_send(user=trio["a"], room=trio["room"], text="vu")
    dropped = services.message_send(user=trio["a"], room=trio["room"], text="perdu en route")
    services.message_send(user=trio["outsider"], room=other_room, text="ailleurs")

    async def run():
        ws_a, _ = await open_socket(trio["cookie_a"])
        ws_b, _ = await open_socket(trio["cookie_b"])
        try:
            await ws_a.send_json_to({"type": "chat.send", "room": trio["room"].pk, "text": "suite", "local_id": "g1"})
            live = (await receive_type(ws_b, "chat.message"))["message"]
            await ws_b.send_json_to({"type": "chat.resume", "room": trio["room"].pk, "last_id": seen.pk})
            filled = await resumed_ids(ws_b)
            # a room one is not in cannot be resumed
            ws_out, _ = await open_socket(trio["cookie_out"])
            await ws_out.send_json_to({"type": "chat.resume", "room": trio["room"].pk, "last_id": 0})
            refused = await receive_type(ws_out, "chat.error")
            await ws_out.disconnect()
            return live, filled, refused
        finally:
            await ws_a.disconnect()
            await ws_b.disconnect()

    live, filled, refused = async_to_sync(run)()
    assert live["prev"] == dropped.pk
    assert filled == [dropped.pk, live["id"]]
    assert refused["code"] == "forbidden"


def test_a_large_room_shows_no_presence(trio, monkeypatch, create_user):
    """Above PRESENCE_ROOM_MAX members a room lists no members' presence, and an arrival is not
    announced to it (only to the arriving member's smaller rooms)."""
    from django.test import Client

    from workspace.chat import selectors

    monkeypatch.setattr(selectors, "PRESENCE_ROOM_MAX", 2)
    carla = create_user(first_name="Carla")
    thread = services.room_thread_create(user=trio["a"], members=[trio["b"], carla], name="Grand salon")
    cookie_c = cookie_for(Client(), carla)

    async def run():
        ws_c, snapshot = await open_socket(cookie_c)  # Carla shares only the large room with Anne
        ws_b, _ = await open_socket(trio["cookie_b"])
        ws_a, _ = await open_socket(trio["cookie_a"])
        try:
            while (await receive_type(ws_b, "presence.update"))["user"] != trio["a"].pk:
                pass  # Bruno hears of Anne through their conversation
            return snapshot, await ws_c.receive_nothing(timeout=0.5)
        finally:
            for ws in (ws_a, ws_b, ws_c):
                await ws.disconnect()

    snapshot, carla_heard_nothing = async_to_sync(run)()
    rooms = {r["id"]: r for r in snapshot["rooms"]}
    assert rooms[thread.pk]["members"] == []
    assert carla_heard_nothing


def test_a_message_reaches_every_tab_with_no_database_query_per_receiving_socket(trio, monkeypatch):
    """Delivering to a room's sockets reads nothing from the database: four tabs each cost the
    same queries as one (the sending only), and every tab gets the same message once."""
    from channels.db import database_sync_to_async
    from django.db.backends import utils

    executed = []
    original = utils.CursorWrapper.execute

    def counting(self, sql, params=None):
        executed.append(sql)
        return original(self, sql, params)

    monkeypatch.setattr(utils.CursorWrapper, "execute", counting)
    monkeypatch.setattr(utils.CursorDebugWrapper, "execute", counting)

    async def deliver(tabs, text):
        sockets = [(await open_socket(trio[cookie]))[0] for cookie in ("cookie_a", "cookie_b") for _ in range(tabs)]
        executed.clear()
        await database_sync_to_async(services.message_send)(user=trio["a"], room=trio["room"], text=text)
        received = [await receive_type(ws, "chat.message") for ws in sockets]
        queries = len(executed)
        extra = [await ws.receive_nothing(timeout=0.2) for ws in sockets]
        for ws in sockets:
            await ws.disconnect()
        return queries, received, extra

    async def run():
        await deliver(1, "Premier")  # the conversation's notification is created once
        return await deliver(1, "Deuxième"), await deliver(4, "Troisième")

    (one_tab, received_one, _), (four_tabs, received_four, extra) = async_to_sync(run)()
    assert four_tabs == one_tab
    assert len(received_four) == 8 and {event["message"]["text"] for event in received_four} == {"Troisième"}
    assert all(event == received_four[0] for event in received_four)
    assert all(extra)  # nobody got it twice
