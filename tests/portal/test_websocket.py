"""The /ws/ socket: authenticated by the login cookie, origin-checked."""

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator

from portal.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)


def connect(headers):
    async def run():
        communicator = WebsocketCommunicator(application, "/ws/", headers=headers)
        connected, _ = await communicator.connect()
        reply = None
        if connected:
            reply = await communicator.receive_json_from()
            await communicator.send_json_to({"type": "ping"})
            pong = await communicator.receive_json_from()
            while pong["type"] != "pong":  # modules send their snapshots first
                pong = await communicator.receive_json_from()
            assert pong == {"type": "pong"}
        await communicator.disconnect()
        return connected, reply

    return async_to_sync(run)()


def session_cookie(client, user):
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


def test_anonymous_connection_is_refused():
    connected, _ = connect([(b"origin", b"http://testserver")])
    assert not connected


def test_member_connects_with_the_login_cookie(client, create_user):
    user = create_user()
    connected, hello = connect([(b"origin", b"http://testserver"), (b"cookie", session_cookie(client, user))])
    assert connected
    assert hello == {"type": "hello", "user": user.pk}


def test_other_origin_is_refused(client, create_user):
    user = create_user()
    connected, _ = connect([(b"origin", b"http://evil.example.com"), (b"cookie", session_cookie(client, user))])
    assert not connected
