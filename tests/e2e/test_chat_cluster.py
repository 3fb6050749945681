"""Chat across several Daphne processes sharing Redis (the PostgreSQL + Redis run): a message
sent through one process reaches a client of another; when a process stops, its clients
reconnect to the other one through the front proxy and catch up, in order, without a gap or a
duplicate."""

import asyncio
import os
import threading

import pytest

from tests.e2e.conftest import Daphne, _free_port
from tests.e2e.helpers import anne_and_bruno_in_a_group, log_in
from workspace.chat.models import Room

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"), reason="several processes need the Redis channel layer (REDIS_URL)"
    ),
]


class FailoverProxy:
    """A TCP front like a load balancer's: each new connection goes to the first backend that
    accepts it, in order; connections to a stopped backend are closed and reopened elsewhere."""

    def __init__(self, backends):
        self.backends = backends
        self.port = _free_port()
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        self.ready.wait(10)

    def _run(self):
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", self.port))
        self.ready.set()
        self.loop.run_forever()
        server.close()
        tasks = asyncio.all_tasks(self.loop)
        for task in tasks:
            task.cancel()
        self.loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
        self.loop.run_until_complete(asyncio.sleep(0.1))  # let the transports close
        self.loop.close()

    async def _handle(self, client_reader, client_writer):
        for port in self.backends:
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                break
            except OSError:
                continue
        else:
            client_writer.close()
            return

        async def pipe(src, dst):
            try:
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                dst.close()

        try:
            await asyncio.gather(pipe(client_reader, writer), pipe(reader, client_writer))
        finally:
            writer.close()
            client_writer.close()

    def stop(self):
        if self.thread.is_alive():
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(10)


def test_a_message_crosses_processes_and_clients_of_a_stopped_process_catch_up(
    browser, create_user, transactional_db, tmp_path, screenshot
):
    anne, bruno, group = anne_and_bruno_in_a_group(create_user, "Télécentres", "Le réseau des télécentres.")
    room = Room.objects.get(space=group)

    first, second = Daphne(tmp_path, "first"), Daphne(tmp_path, "second")
    proxy = FailoverProxy([second.port, first.port])  # Bruno's front prefers the second process
    contexts = []
    try:

        def page_on(base_url):
            context = browser.new_context(locale="fr-FR", base_url=base_url)
            context.set_default_timeout(20000)
            contexts.append(context)
            return context.new_page()

        page_a = page_on(first.url)
        page_b = page_on(f"http://127.0.0.1:{proxy.port}")
        log_in(page_a, anne.email)
        log_in(page_b, bruno.email)
        page_a.goto(f"/espace/discussion/?salon={room.pk}")
        page_b.goto(f"/espace/discussion/?salon={room.pk}")
        page_a.get_by_text("en ligne").wait_for()

        # Anne writes through the first process, Bruno reads through the second
        page_a.get_by_label("Votre message").fill("Bonjour depuis le premier processus")
        page_a.get_by_label("Votre message").press("Enter")
        page_b.locator(".chat-message", has_text="Bonjour depuis le premier processus").wait_for()
        page_b.get_by_label("Votre message").fill("Reçu sur le second")
        page_b.get_by_label("Votre message").press("Enter")
        page_a.locator(".chat-message", has_text="Reçu sur le second").wait_for()

        # The second process stops: Bruno's tab reconnects, through the front, to the first
        second.stop()
        for n in (1, 2, 3):
            page_a.get_by_label("Votre message").fill(f"Pendant la coupure {n}")
            page_a.get_by_label("Votre message").press("Enter")
            page_a.locator(".chat-message:not(.is-pending)", has_text=f"Pendant la coupure {n}").wait_for()
        page_b.locator(".chat-message", has_text="Pendant la coupure 3").wait_for(timeout=60000)
        texts = page_b.locator(".chat-message .chat-text").all_inner_texts()
        missed = [t for t in texts if t.startswith("Pendant la coupure")]
        assert missed == [f"Pendant la coupure {n}" for n in (1, 2, 3)]
        screenshot(page_b, "caught-up")

        # and the reconnected tab writes again, through the first process
        page_b.get_by_label("Votre message").fill("Je suis de retour")
        page_b.get_by_label("Votre message").press("Enter")
        page_a.locator(".chat-message", has_text="Je suis de retour").wait_for()
    finally:
        for context in contexts:
            context.close()
        proxy.stop()
        first.stop()
        second.stop()


def _socket(server, cookie):
    """A raw WebSocket to ``server`` with a session cookie, following the chat."""
    from websockets.sync.client import connect

    return connect(
        f"ws://127.0.0.1:{server.port}/ws/?modules=chat",
        additional_headers={"Cookie": cookie, "Origin": server.url},
        open_timeout=20,
    )


def _until(socket, kind, timeout=10):
    import json

    while True:
        event = json.loads(socket.recv(timeout=timeout))
        if event["type"] == kind:
            return event


def _closed_code(socket, timeout=10):
    from websockets.exceptions import ConnectionClosed

    try:
        while True:
            socket.recv(timeout=timeout)
    except ConnectionClosed as closed:
        return closed.rcvd.code if closed.rcvd else None


def _logged_in_session(server, who):
    """A requests session logged in through ``server``'s login form (CSRF included)."""
    import requests

    from tests.factories import PASSWORD

    session = requests.Session()
    session.get(f"{server.url}/compte/connexion/", timeout=20)
    response = session.post(
        f"{server.url}/compte/connexion/",
        data={"username": who.email, "password": PASSWORD, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": f"{server.url}/compte/connexion/"},
        timeout=20,
    )
    assert response.ok and "sessionid" in session.cookies
    return session


def _post(session, server, path, data):
    return session.post(
        f"{server.url}{path}",
        data={**data, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": f"{server.url}{path}"},
        timeout=20,
        allow_redirects=False,
    )


def test_rights_lost_through_one_process_are_lost_at_once_on_a_socket_of_another(
    create_user, transactional_db, tmp_path
):
    """Anne removes Bruno from the group through the first process: his socket on the second is
    refused the group's room at once; then a referent deactivates him through the first process
    and his socket on the second closes."""
    import json

    from guardian.shortcuts import assign_perm

    from core import roles
    from directory.permissions import ADMINISTER
    from tests.factories import TerritoryFactory

    anne, bruno, group = anne_and_bruno_in_a_group(create_user, "Médiateurs", "Le groupe des médiateurs.")
    territory = TerritoryFactory(slug="cauvaldor", name="Cauvaldor")
    type(bruno).objects.filter(pk=bruno.pk).update(territory=territory)
    referent = create_user(role=roles.REFERENT, email="referent@exemple.test")
    assign_perm(ADMINISTER, referent, territory)
    room = Room.objects.get(space=group)

    first, second = Daphne(tmp_path, "first"), Daphne(tmp_path, "second")
    try:
        bruno_http = _logged_in_session(second, bruno)
        with _socket(second, f"sessionid={bruno_http.cookies['sessionid']}") as socket:
            _until(socket, "chat.snapshot")
            socket.send(json.dumps({"type": "chat.history", "room": room.pk}))
            assert _until(socket, "chat.history")["room"] == room.pk

            anne_http = _logged_in_session(first, anne)
            response = _post(anne_http, first, f"/espace/{group.slug}/membres/{bruno.pk}/", {"action": "remove"})
            assert response.status_code == 302
            socket.send(json.dumps({"type": "chat.history", "room": room.pk}))
            assert _until(socket, "chat.error")["code"] == "forbidden"
            socket.send(json.dumps({"type": "chat.send", "room": room.pk, "text": "Toujours là ?"}))
            assert _until(socket, "chat.error")["code"] == "forbidden"

            referent_http = _logged_in_session(first, referent)
            response = _post(referent_http, first, f"/espace/territoires/cauvaldor/membres/{bruno.pk}/deactivate/", {})
            assert response.status_code == 302
            assert _closed_code(socket) == 4401
            assert not room.messages.filter(text="Toujours là ?").exists()
    finally:
        first.stop()
        second.stop()
