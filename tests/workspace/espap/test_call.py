"""The video call of an appointment: the signalling reaches its participants only (the slot's
advisor, the site's mediators), and stops reaching one the moment they lose their role or place;
the call page and the documents sent during it are theirs only."""

import io
import json

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from core import roles
from tests.workspace.spaces.test_socket import ORIGIN, logged_in, until
from workspace.espap import services
from workspace.espap.models import Appointment, AppointmentDocument

OFFER = {"description": {"type": "offer", "sdp": "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n"}}
CANDIDATE = {
    "candidate": {
        "candidate": "candidate:1 1 udp 2122260223 10.0.0.2 50000 typ host",
        "sdpMid": "0",
        "sdpMLineIndex": 0,
    }
}


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "teal").save(buffer, "PNG")
    return buffer.getvalue()


TYPE_REFUSED = "Send a PDF or a picture (JPEG, PNG, WebP)."
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


async def open_call_socket(cookie):
    from channels.testing import WebsocketCommunicator

    from portal.asgi import application

    communicator = WebsocketCommunicator(application, "/ws/?modules=espap", headers=[ORIGIN, (b"cookie", cookie)])
    connected, _ = await communicator.connect(timeout=10)
    assert connected
    assert (await communicator.receive_json_from(timeout=10))["type"] == "hello"
    return communicator


async def next_call_event(communicator, timeout=5):
    """The next frame about a call (or an error), skipping the bell's and the chat's."""
    while True:
        event = await communicator.receive_json_from(timeout=timeout)
        if event["type"].startswith("call.") or event["type"] == "error":
            return event


async def nothing_about_calls(communicator, timeout=0.4) -> bool:
    """True when no call frame (nor a call error) reaches the socket within ``timeout``."""
    while not await communicator.receive_nothing(timeout=timeout):
        event = await communicator.receive_json_from(timeout=1)
        if event["type"].startswith("call.") or event["type"] == "error":
            return False
    return True


def said(text: str) -> str:
    """``text`` as the site says it (in its language, once translated)."""
    from django.conf import settings

    with translation.override(settings.LANGUAGE_CODE):
        return translation.gettext(text)


def cookie(user):
    return logged_in(user)[1]


@pytest.mark.django_db(transaction=True)
class TestSignalling:
    def test_the_advisor_and_the_mediator_join_and_receive_each_other_s_signals_and_messages(
        self, espap, make_appointment
    ):
        a = make_appointment()
        mediator_cookie, advisor_cookie = cookie(espap.mediator), cookie(espap.advisor)

        async def run():
            mediator = await open_call_socket(mediator_cookie)
            await mediator.send_json_to({"type": "call.join", "appointment": a.pk})
            joined_m = await next_call_event(mediator)
            advisor = await open_call_socket(advisor_cookie)
            await advisor.send_json_to({"type": "call.join", "appointment": str(a.pk)})
            joined_a = await next_call_event(advisor)
            peer = await next_call_event(mediator)
            await advisor.send_json_to({"type": "call.signal", "appointment": a.pk, "data": OFFER})
            offer = await next_call_event(mediator)
            advisor_echo = await nothing_about_calls(advisor)
            await mediator.send_json_to(
                {"type": "call.signal", "appointment": a.pk, "data": CANDIDATE, "to": joined_a["peer"]}
            )
            candidate = await next_call_event(advisor)
            await mediator.send_json_to(
                {"type": "call.chat", "appointment": a.pk, "text": "Le site : https://caf.fr <b>ici</b>"}
            )
            chat_a, chat_m = await next_call_event(advisor), await next_call_event(mediator)
            await mediator.send_json_to({"type": "call.leave", "appointment": a.pk})
            left = await next_call_event(advisor)
            await advisor.disconnect()
            await mediator.disconnect()
            return joined_m, joined_a, peer, offer, advisor_echo, candidate, chat_a, chat_m, left

        joined_m, joined_a, peer, offer, advisor_echo, candidate, chat_a, chat_m, left = async_to_sync(run)()
        assert joined_m == {
            "type": "call.joined", "appointment": a.pk, "peers": 0, "polite": True, "peer": joined_m["peer"]
        }  # fmt: skip
        assert joined_a["peers"] == 1 and joined_a["polite"] is False  # the advisor does not yield
        assert joined_a["peer"] != joined_m["peer"]
        assert peer == {
            "type": "call.peer", "appointment": a.pk, "event": "joined", "from": joined_a["peer"],
            "name": "Isabelle Roques",
        }  # fmt: skip
        assert offer["type"] == "call.signal" and offer["data"] == OFFER and offer["from"] == joined_a["peer"]
        assert advisor_echo is True  # a sender never hears its own signal
        assert candidate["data"]["candidate"]["candidate"] == CANDIDATE["candidate"]["candidate"]
        assert candidate["from"] == joined_m["peer"]
        assert chat_a["text"] == chat_m["text"] == "Le site : https://caf.fr <b>ici</b>"  # as typed; shown as text
        assert chat_a["name"] == "Anne Médiatrice" and chat_a["mine"] is False and chat_m["mine"] is True
        assert left == {"type": "call.peer", "appointment": a.pk, "event": "left", "from": joined_m["peer"]}

    @pytest.mark.parametrize(
        "who", ["other_mediator", "plain_animator", "referent", "coordinator", "member", "colleague", "other_advisor"]
    )
    def test_someone_who_does_not_take_part_is_refused_and_hears_nothing(self, espap, make_appointment, who):
        a = make_appointment()
        outsider_cookie = cookie(getattr(espap, who))
        mediator_cookie, advisor_cookie = cookie(espap.mediator), cookie(espap.advisor)

        async def run():
            outsider = await open_call_socket(outsider_cookie)
            await outsider.send_json_to({"type": "call.join", "appointment": a.pk})
            join = await next_call_event(outsider)
            await outsider.send_json_to({"type": "call.signal", "appointment": a.pk, "data": OFFER})
            signal = await next_call_event(outsider)
            await outsider.send_json_to({"type": "call.chat", "appointment": a.pk, "text": "bonjour"})
            chat = await next_call_event(outsider)
            mediator, advisor = await open_call_socket(mediator_cookie), await open_call_socket(advisor_cookie)
            for socket in (mediator, advisor):
                await socket.send_json_to({"type": "call.join", "appointment": a.pk})
                await until(socket, "call.joined")
            await until(mediator, "call.peer")
            await advisor.send_json_to({"type": "call.signal", "appointment": a.pk, "data": OFFER})
            await advisor.send_json_to({"type": "call.chat", "appointment": a.pk, "text": "privé"})
            await until(mediator, "call.chat")
            heard = not await nothing_about_calls(outsider)
            for socket in (outsider, mediator, advisor):
                await socket.disconnect()
            return join, signal, chat, heard

        join, signal, chat, heard = async_to_sync(run)()
        assert join["error"] == signal["error"] == chat["error"] == "forbidden"
        assert join["type"] == "error"
        assert heard is False

    def test_a_participant_of_another_appointment_is_refused_for_this_one(self, espap, make_appointment):
        ours = make_appointment()
        theirs = make_appointment(site=espap.gourdon, mediator=espap.other_mediator, days=2)
        other_cookie = cookie(espap.other_mediator)

        async def run():
            socket = await open_call_socket(other_cookie)
            await socket.send_json_to({"type": "call.join", "appointment": theirs.pk})
            joined = await next_call_event(socket)
            await socket.send_json_to({"type": "call.signal", "appointment": ours.pk, "data": OFFER})
            refused = await next_call_event(socket)
            await socket.disconnect()
            return joined, refused

        joined, refused = async_to_sync(run)()
        assert joined["type"] == "call.joined"
        assert refused["error"] == "forbidden" and refused["appointment"] == ours.pk

    def test_an_advisor_who_loses_the_role_mid_call_stops_receiving_and_is_refused(self, espap, make_appointment):
        a = make_appointment()
        mediator_cookie, advisor_cookie = cookie(espap.mediator), cookie(espap.advisor)

        async def run():
            mediator, advisor = await open_call_socket(mediator_cookie), await open_call_socket(advisor_cookie)
            for socket in (mediator, advisor):
                await socket.send_json_to({"type": "call.join", "appointment": a.pk})
                await until(socket, "call.joined")
            await until(mediator, "call.peer")
            await database_sync_to_async(roles.revoke)(espap.advisor, roles.AGENCY_ADVISOR)
            await mediator.send_json_to({"type": "call.signal", "appointment": a.pk, "data": OFFER})
            on_receiving = await next_call_event(advisor)  # the relay reads the policy first
            gone = await next_call_event(mediator)
            await advisor.send_json_to({"type": "call.signal", "appointment": a.pk, "data": OFFER})
            on_sending = await next_call_event(advisor)
            await mediator.send_json_to({"type": "call.signal", "appointment": a.pk, "data": CANDIDATE})
            heard = not await nothing_about_calls(advisor)
            mediator_heard = not await nothing_about_calls(mediator)
            await mediator.disconnect()
            await advisor.disconnect()
            return on_receiving, gone, on_sending, heard, mediator_heard

        on_receiving, gone, on_sending, heard, mediator_heard = async_to_sync(run)()
        assert on_receiving["type"] == "error" and on_receiving["error"] == "forbidden"
        assert gone["type"] == "call.peer" and gone["event"] == "left"
        assert on_sending["error"] == "forbidden"
        assert heard is False and mediator_heard is False

    def test_a_mediator_moved_to_another_place_is_refused_on_the_next_signal(self, espap, make_appointment):
        a = make_appointment()
        mediator_cookie, advisor_cookie = cookie(espap.mediator), cookie(espap.advisor)
        User = type(espap.mediator)

        async def run():
            mediator, advisor = await open_call_socket(mediator_cookie), await open_call_socket(advisor_cookie)
            for socket in (mediator, advisor):
                await socket.send_json_to({"type": "call.join", "appointment": a.pk})
                await until(socket, "call.joined")
            await until(mediator, "call.peer")
            await database_sync_to_async(lambda: User.objects.filter(pk=espap.mediator.pk).update(place=espap.figeac))()
            await mediator.send_json_to({"type": "call.signal", "appointment": a.pk, "data": OFFER})
            refused = await next_call_event(mediator)
            left = await next_call_event(advisor)
            await advisor.send_json_to({"type": "call.signal", "appointment": a.pk, "data": OFFER})
            heard = not await nothing_about_calls(mediator)
            await mediator.disconnect()
            await advisor.disconnect()
            return refused, left, heard

        refused, left, heard = async_to_sync(run)()
        assert refused["error"] == "forbidden"
        assert left["event"] == "left"
        assert heard is False

    def test_closing_the_socket_tells_the_other_side(self, espap, make_appointment):
        a = make_appointment()
        mediator_cookie, advisor_cookie = cookie(espap.mediator), cookie(espap.advisor)

        async def run():
            mediator, advisor = await open_call_socket(mediator_cookie), await open_call_socket(advisor_cookie)
            for socket in (mediator, advisor):
                await socket.send_json_to({"type": "call.join", "appointment": a.pk})
                await until(socket, "call.joined")
            joined = await until(mediator, "call.peer")
            await advisor.disconnect()
            left = await until(mediator, "call.peer")
            await mediator.send_json_to({"type": "call.leave", "appointment": a.pk})
            await until(mediator, "call.left")
            again = await open_call_socket(advisor_cookie)
            await again.send_json_to({"type": "call.join", "appointment": a.pk})
            rejoined = await until(again, "call.joined")
            await again.disconnect()
            await mediator.disconnect()
            return joined, left, rejoined

        joined, left, rejoined = async_to_sync(run)()
        assert left["event"] == "left" and left["from"] == joined["from"]
        assert rejoined["peers"] == 0  # nobody is left in the call

    def test_a_cancelled_appointment_has_no_call(self, espap, make_appointment):
        a = make_appointment()
        services.appointment_cancel(actor=espap.mediator, appointment=a, reason="Malade")
        mediator_cookie = cookie(espap.mediator)

        async def run():
            socket = await open_call_socket(mediator_cookie)
            await socket.send_json_to({"type": "call.join", "appointment": a.pk})
            refused = await next_call_event(socket)
            await socket.disconnect()
            return refused

        assert async_to_sync(run)()["error"] == "closed"

    def test_the_call_s_start_and_end_are_written_on_the_appointment(self, espap, make_appointment):
        a = make_appointment()
        advisor_cookie = cookie(espap.advisor)

        async def run():
            socket = await open_call_socket(advisor_cookie)
            await socket.send_json_to({"type": "call.state", "appointment": a.pk, "state": "connected"})
            before_join = await next_call_event(socket)
            await socket.send_json_to({"type": "call.join", "appointment": a.pk})
            await until(socket, "call.joined")
            await socket.send_json_to({"type": "call.state", "appointment": a.pk, "state": "connected"})
            started = await next_call_event(socket)
            await socket.send_json_to({"type": "call.state", "appointment": a.pk, "state": "ended"})
            ended = await next_call_event(socket)
            await socket.disconnect()
            return before_join, started, ended

        before_join, started, ended = async_to_sync(run)()
        assert before_join["error"] == "forbidden"  # not in the call
        assert started["state"] == "connected" and ended["state"] == "ended"
        a.refresh_from_db()
        assert a.call_started_at is not None and a.call_ended_at is not None
        assert a.call_ended_at >= a.call_started_at

    def test_malformed_frames_get_bad_message_and_the_socket_stays_open(self, espap, make_appointment):
        a = make_appointment()
        advisor_cookie = cookie(espap.advisor)
        frames = [
            {"type": "call.join", "appointment": "abc"},
            {"type": "call.join", "appointment": -1},
            {"type": "call.join", "appointment": 1.5},
            {"type": "call.join", "appointment": True},
            {"type": "call.join"},
            {"type": "call.signal", "appointment": a.pk, "data": "offer"},
            {"type": "call.signal", "appointment": a.pk, "data": [OFFER]},
            {"type": "call.signal", "appointment": a.pk, "data": {}},
            {"type": "call.signal", "appointment": a.pk, "data": {**OFFER, **CANDIDATE}},
            {
                "type": "call.signal",
                "appointment": a.pk,
                "data": {"description": {"type": "offer", "sdp": "x" * 20_001}},
            },
            {"type": "call.signal", "appointment": a.pk, "data": {"description": {"type": "rollback", "sdp": "x"}}},
            {"type": "call.signal", "appointment": a.pk, "data": {"description": {"type": "offer", "sdp": 3}}},
            {"type": "call.signal", "appointment": a.pk, "data": {"candidate": "candidate:1"}},
            {"type": "call.signal", "appointment": a.pk, "data": {"candidate": {"candidate": "x" * 2000}}},
            {
                "type": "call.signal",
                "appointment": a.pk,
                "data": {"candidate": {"candidate": "", "sdpMLineIndex": "0"}},
            },
            {"type": "call.signal", "appointment": a.pk, "data": OFFER, "to": ["x"]},
            {"type": "call.chat", "appointment": a.pk, "text": "x" * 501},
            {"type": "call.chat", "appointment": a.pk, "text": {"html": "<b>"}},
            {"type": "call.chat", "appointment": a.pk, "text": "   "},
            {"type": "call.state", "appointment": a.pk, "state": "paused"},
            {"type": "call.leave", "appointment": None},
        ]

        async def run():
            socket = await open_call_socket(advisor_cookie)
            await socket.send_json_to({"type": "call.join", "appointment": a.pk})
            await until(socket, "call.joined")
            answers = []
            for frame in frames:
                await socket.send_json_to(frame)
                answers.append(await next_call_event(socket))
            await socket.send_json_to({"type": "ping"})
            pong = await until(socket, "pong")
            await socket.disconnect()
            return answers, pong

        answers, pong = async_to_sync(run)()
        assert [(x["error"], x["frame"]) for x in answers] == [("bad_message", f["type"]) for f in frames]
        assert pong["type"] == "pong"

    def test_a_document_sent_during_the_call_reaches_both_sides_live(self, espap, make_appointment):
        a = make_appointment()
        mediator_client, mediator_cookie = logged_in(espap.mediator)
        advisor_cookie = cookie(espap.advisor)

        async def run():
            mediator, advisor = await open_call_socket(mediator_cookie), await open_call_socket(advisor_cookie)
            for socket in (mediator, advisor):
                await socket.send_json_to({"type": "call.join", "appointment": a.pk})
                await until(socket, "call.joined")
            response = await database_sync_to_async(mediator_client.post)(
                reverse("espap:document-upload", args=[a.pk]),
                {"file": SimpleUploadedFile("avis.png", png_bytes(), "image/png")},
                headers={"accept": "application/json"},
            )
            got_a, got_m = await until(advisor, "call.document"), await until(mediator, "call.document")
            await mediator.disconnect()
            await advisor.disconnect()
            return response, got_a, got_m

        response, got_a, got_m = async_to_sync(run)()
        sent = response.json()
        document = AppointmentDocument.objects.get()
        assert sent == {
            "id": document.pk,
            "name": "avis.png",
            "url": reverse("espap:document", args=[a.pk, document.pk]),
        }
        assert got_a == got_m == {"type": "call.document", "appointment": a.pk, **sent}


# --- the page ---------------------------------------------------------------------------------


def call_url(a):
    return reverse("espap:call", args=[a.pk])


def test_the_call_page_is_the_participants_and_hands_the_ice_servers_to_the_script(
    espap, make_appointment, client, settings
):
    settings.ESPAP_ICE_SERVERS = json.dumps(
        [{"urls": "turn:turn.example.org:3478", "username": "maillage", "credential": "s3cret"}, {"urls": 3}, "x"]
    )
    a = make_appointment()
    client.force_login(espap.mediator)
    response = client.get(call_url(a))
    assert response.status_code == 200
    html = response.content.decode()
    ice = json.loads(html.split('id="call-ice-servers" type="application/json">')[1].split("</script>")[0])
    assert ice == [{"urls": ["turn:turn.example.org:3478"], "username": "maillage", "credential": "s3cret"}]
    assert 'data-socket-url="/ws/?modules=espap"' in html and "espap/call.js" in html
    assert "Isabelle Roques" in html  # the other side
    assert "05 65 00 00 99" in html  # the advisor's phone: the mediator's fallback
    assert "<noscript>" in html

    client.force_login(espap.advisor)
    html = client.get(call_url(a)).content.decode()
    assert "05 65 00 00 10" in html and "05 65 00 00 99" not in html  # the site's phone for the advisor
    assert "Cyber-base d&#x27;Assier" in html


def test_invalid_ice_settings_give_an_empty_list_not_an_error(espap, make_appointment, client, settings):
    a = make_appointment()
    client.force_login(espap.advisor)
    for value in ("{not json", '{"urls": "stun:x"}', "", "null"):
        settings.ESPAP_ICE_SERVERS = value
        response = client.get(call_url(a))
        assert response.status_code == 200
        assert '<script id="call-ice-servers" type="application/json">[]</script>' in response.content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [("referent", 403), ("coordinator", 403), ("colleague", 403), ("other_advisor", 404), ("other_mediator", 404)],
)
def test_the_call_page_is_refused_or_hidden_to_others(espap, make_appointment, client, who, status):
    a = make_appointment()
    client.force_login(getattr(espap, who))
    assert client.get(call_url(a)).status_code == status


def test_a_closed_call_says_so_and_offers_no_join(espap, make_appointment, client):
    a = make_appointment(past=True)
    client.force_login(espap.advisor)
    html = client.get(call_url(a)).content.decode()
    assert "data-closed" in html and "data-join disabled" in html


def test_the_call_page_needs_a_login(espap, make_appointment, client):
    a = make_appointment()
    response = client.get(call_url(a))
    assert response.status_code == 302 and "connexion" in response["Location"]


# --- documents ---------------------------------------------------------------------------------


def upload(client, a, name, content, *, json_answer=True, content_type="application/octet-stream"):
    return client.post(
        reverse("espap:document-upload", args=[a.pk]),
        {"file": SimpleUploadedFile(name, content, content_type)},
        headers={"accept": "application/json"} if json_answer else {},
    )


def test_a_pdf_and_a_picture_are_accepted_and_served_to_the_participants_only(espap, make_appointment, client):
    a = make_appointment()
    client.force_login(espap.mediator)
    pdf = upload(client, a, "avis-imposition.pdf", PDF).json()
    picture = upload(client, a, "rib.png", png_bytes()).json()
    assert pdf["name"] == "avis-imposition.pdf" and picture["name"] == "rib.png"

    client.force_login(espap.advisor)
    response = client.get(pdf["url"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "private" in response["Cache-Control"]
    assert client.get(picture["url"]).status_code == 200
    page = client.get(call_url(a)).content.decode()
    assert "avis-imposition.pdf" in page and "rib.png" in page

    for who in ("referent", "coordinator", "colleague", "other_advisor", "other_mediator", "member"):
        client.force_login(getattr(espap, who))
        assert client.get(pdf["url"]).status_code == 404, who
    client.force_login(espap.advisor)
    other = make_appointment(days=3)
    assert client.get(reverse("espap:document", args=[other.pk, pdf["id"]])).status_code == 404


def test_a_document_whose_file_is_gone_is_not_found(espap, make_appointment, client):
    a = make_appointment()
    client.force_login(espap.mediator)
    sent = upload(client, a, "avis.pdf", PDF).json()
    document = AppointmentDocument.objects.get(pk=sent["id"])
    document.file.storage.delete(document.file.name)
    assert client.get(sent["url"]).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, TYPE_REFUSED),
        ("lettre.pdf", b"Bonjour, voici mon dossier.\n" * 20, TYPE_REFUSED),
        ("virus.exe", b"MZ\x90\x00\x03" + b"\x00" * 200, TYPE_REFUSED),
    ],
)
def test_what_is_not_a_pdf_or_a_picture_is_refused(espap, make_appointment, client, name, content, message):
    a = make_appointment()
    client.force_login(espap.mediator)
    response = upload(client, a, name, content)
    assert response.status_code == 400 and response.json()["error"] == said(message)
    assert not AppointmentDocument.objects.exists()


def test_a_document_over_the_limit_is_refused(espap, make_appointment, client, monkeypatch):
    monkeypatch.setattr(services, "DOCUMENT_MAX_BYTES", 100)
    a = make_appointment()
    client.force_login(espap.mediator)
    response = upload(client, a, "gros.png", png_bytes() + b"\x00" * 200)
    assert response.status_code == 400 and response.json()["error"] == said("A document is at most 10 MB.")
    assert not AppointmentDocument.objects.exists()


def test_without_script_the_upload_comes_back_to_the_call_with_a_message(espap, make_appointment, client):
    a = make_appointment()
    client.force_login(espap.mediator)
    response = upload(client, a, "avis.pdf", PDF, json_answer=False)
    assert response.status_code == 302 and response["Location"] == call_url(a)
    page = client.get(call_url(a)).content.decode()
    assert "avis.pdf" in page
    response = client.post(reverse("espap:document-upload", args=[a.pk]), {}, follow=True)
    assert escape(said("Choose a PDF or a picture to send.")) in response.content.decode()


def test_others_cannot_send_documents(espap, make_appointment, client):
    a = make_appointment()
    for who, status in (("referent", 403), ("coordinator", 403), ("other_advisor", 404), ("other_mediator", 404)):
        client.force_login(getattr(espap, who))
        assert upload(client, a, "avis.pdf", PDF).status_code == status, who
    client.force_login(espap.mediator)
    assert client.get(reverse("espap:document-upload", args=[a.pk])).status_code == 405
    assert not AppointmentDocument.objects.exists()
    assert Appointment.objects.get(pk=a.pk).documents_sent.count() == 0
