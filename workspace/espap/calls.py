"""The video call's signalling on the workspace WebSocket (``Module.socket``; workspace.spaces.consumers).

The browsers of an appointment's participants (the slot's advisor, the site's mediators) meet in
the Channels group ``call.<appointment id>`` and pass each other the WebRTC offers, answers and ICE
candidates; the media flow between the browsers (or through the TURN server of
``ESPAP_ICE_SERVERS``), never through this server.

Client frames:

- ``call.join {appointment}``: answered ``call.joined {appointment, peers, polite, peer}``
  (``peers``: the other sockets already there; ``polite``: the side that yields when both
  offer at once, "perfect negotiation": the mediator yields, the advisor does not); the others
  get ``call.peer {event: "joined", from, name}``;
- ``call.signal {appointment, data, to?}``: ``data`` holds a ``description`` {type, sdp} or a
  ``candidate`` {candidate, sdpMid, sdpMLineIndex, usernameFragment}; relayed to the others as
  ``call.signal {appointment, from, data}`` (to one peer only when ``to`` names it);
- ``call.chat {appointment, text}``: at most 500 characters, relayed to everyone in the call
  (the sender too) with the sender's name;
- ``call.state {appointment, state}``: "connected" or "ended", written on the appointment
  (``services.call_mark``);
- ``call.leave {appointment}``: the others get ``call.peer {event: "left"}``; closing the socket
  does the same for every call it was in.

Rights are read again for every frame and for every event before it reaches the page: the
member's roles and place are read from the database, not from the socket's copy of the account.
A socket that is not a participant (any longer), or not in the call, gets
``{"type": "error", "error": "forbidden"}``, leaves the call and hears nothing more of it. Peer
ids are derived from each socket's channel name: a socket never hears its own signals back.
"""

import datetime
import hashlib
import time

from channels.db import database_sync_to_async
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from workspace.espap import permissions as policy
from workspace.espap import services
from workspace.espap.models import Appointment
from workspace.spaces.consumers import ProtocolError, SocketHandler, int_field, str_field

CHAT_MAX_LENGTH = 500
SDP_MAX_LENGTH = 20_000
CANDIDATE_MAX_LENGTH = 1_000
PEERS_SECONDS = 6 * 3600  # how long the list of a call's sockets is kept without a change
OPEN_STATUSES = (Appointment.Status.CONFIRMED, Appointment.Status.SEEN)


def group_name(appointment_id: int) -> str:
    return f"call.{appointment_id}"


def call_open(appointment: Appointment, now: datetime.datetime | None = None) -> bool:
    """Whether the call of ``appointment`` may be held now: confirmed (or already marked seen),
    not erased, and not over before today."""
    if appointment.status not in OPEN_STATUSES or appointment.purged_at:
        return False
    today = timezone.localdate(now or timezone.now())
    return timezone.localdate(appointment.slot.ends_at) >= today


def is_slot_advisor(user, appointment: Appointment) -> bool:
    advisor = policy.advisor_of(user)
    return advisor is not None and appointment.slot.advisor_id == advisor.pk


# -- the sockets of a call (only to tell a newcomer whether someone is there) -----------------


def _peers_key(appointment_id: int) -> str:
    return f"espap:call:{appointment_id}:peers"


def _peers_update(appointment_id: int, *, add: str = "", remove: str = "") -> int:
    """Add or remove a peer id from the call's list; the number of the *other* peers."""
    key = _peers_key(appointment_id)
    now = time.time()
    peers = {p: seen for p, seen in (cache.get(key) or {}).items() if now - seen < PEERS_SECONDS}
    if add:
        peers[add] = now
    peers.pop(remove, None)
    if peers:
        cache.set(key, peers, PEERS_SECONDS)
    else:
        cache.delete(key)
    return len([p for p in peers if p != add])


# -- reading a signal --------------------------------------------------------------------------


def _optional_str(value, max_length: int, name: str):
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > max_length:
        raise ProtocolError(name)
    return value


def clean_signal(data) -> dict:
    """The signal a client may relay, rebuilt from the known fields only (ProtocolError else)."""
    if not isinstance(data, dict):
        raise ProtocolError("data")
    description, candidate = data.get("description"), data.get("candidate")
    if (description is None) == (candidate is None):
        raise ProtocolError("data")
    if description is not None:
        if not isinstance(description, dict) or description.get("type") not in ("offer", "answer"):
            raise ProtocolError("description")
        sdp = description.get("sdp")
        if not isinstance(sdp, str) or not sdp or len(sdp) > SDP_MAX_LENGTH:
            raise ProtocolError("sdp")
        return {"description": {"type": description["type"], "sdp": sdp}}
    if not isinstance(candidate, dict):
        raise ProtocolError("candidate")
    line = candidate.get("candidate")
    if not isinstance(line, str) or len(line) > CANDIDATE_MAX_LENGTH:
        raise ProtocolError("candidate")
    index = candidate.get("sdpMLineIndex")
    if index is not None and (isinstance(index, bool) or not isinstance(index, int) or not 0 <= index <= 64):
        raise ProtocolError("sdpMLineIndex")
    return {
        "candidate": {
            "candidate": line,
            "sdpMid": _optional_str(candidate.get("sdpMid"), 64, "sdpMid"),
            "sdpMLineIndex": index,
            "usernameFragment": _optional_str(candidate.get("usernameFragment"), 256, "usernameFragment"),
        }
    }


class Refused(Exception):
    def __init__(self, error: str):
        super().__init__(error)
        self.error = error


class CallSocket(SocketHandler):
    frames = {
        "call.join": "on_join",
        "call.signal": "on_signal",
        "call.chat": "on_chat",
        "call.state": "on_state",
        "call.leave": "on_leave",
    }
    events = {
        "call.signal": "relay",
        "call.peer": "relay",
        "call.chat": "relay",
        "call.document": "relay",
    }

    def __init__(self, consumer, *, subscribed: bool):
        super().__init__(consumer, subscribed=subscribed)
        self.calls: set[int] = set()

    @property
    def peer_id(self) -> str:
        return hashlib.sha256(self.consumer.channel_name.encode()).hexdigest()[:16]

    # --- the policy, read again each time -------------------------------------------------------

    def _check(self, appointment_id: int):
        """(member as stored now, appointment) when the member may be in this call now."""
        user = get_user_model().objects.filter(pk=self.user.pk).first()
        appointment = Appointment.objects.select_related("slot").filter(pk=appointment_id).first()
        if user is None or appointment is None or not policy.is_participant(user, appointment):
            raise Refused("forbidden")
        if not call_open(appointment):
            raise Refused("closed")
        return user, appointment

    async def _allowed(self, kind: str, appointment_id: int, *, joined: bool = True):
        """The member and appointment, or None once a refusal was sent (and the call left)."""
        if joined and appointment_id not in self.calls:
            await self._refuse(kind, appointment_id, "forbidden")
            return None
        try:
            return await database_sync_to_async(self._check)(appointment_id)
        except Refused as refusal:
            await self._leave(appointment_id)
            await self._refuse(kind, appointment_id, refusal.error)
            return None

    async def _refuse(self, kind: str, appointment_id: int, error: str):
        await self.send_json({"type": "error", "error": error, "frame": kind, "appointment": appointment_id})

    async def _group_send(self, appointment_id: int, event: dict):
        await self.consumer.channel_layer.group_send(
            group_name(appointment_id), {**event, "appointment": appointment_id}
        )

    async def _leave(self, appointment_id: int) -> bool:
        if appointment_id not in self.calls:
            return False
        self.calls.discard(appointment_id)
        await self.group_discard(group_name(appointment_id))
        await database_sync_to_async(_peers_update)(appointment_id, remove=self.peer_id)
        await self._group_send(appointment_id, {"type": "call.peer", "event": "left", "from": self.peer_id})
        return True

    # --- client frames ----------------------------------------------------------------------

    async def on_join(self, content):
        appointment_id = int_field(content, "appointment", minimum=1)
        allowed = await self._allowed("call.join", appointment_id, joined=False)
        if allowed is None:
            return
        user, appointment = allowed
        polite = not await database_sync_to_async(is_slot_advisor)(user, appointment)
        if appointment_id not in self.calls:
            self.calls.add(appointment_id)
            await self.group_add(group_name(appointment_id))
        peers = await database_sync_to_async(_peers_update)(appointment_id, add=self.peer_id)
        await self.send_json(
            {
                "type": "call.joined",
                "appointment": appointment_id,
                "peers": peers,
                "polite": polite,
                "peer": self.peer_id,
            }
        )
        await self._group_send(
            appointment_id,
            {"type": "call.peer", "event": "joined", "from": self.peer_id, "name": user.get_display_name()},
        )

    async def on_signal(self, content):
        appointment_id = int_field(content, "appointment", minimum=1)
        data = clean_signal(content.get("data"))
        to = str_field(content, "to", max_length=32)
        if await self._allowed("call.signal", appointment_id) is None:
            return
        await self._group_send(appointment_id, {"type": "call.signal", "from": self.peer_id, "to": to, "data": data})

    async def on_chat(self, content):
        appointment_id = int_field(content, "appointment", minimum=1)
        text = str_field(content, "text", max_length=CHAT_MAX_LENGTH).strip()
        if not text:
            raise ProtocolError("text")
        allowed = await self._allowed("call.chat", appointment_id)
        if allowed is None:
            return
        user, _appointment = allowed
        await self._group_send(
            appointment_id,
            {
                "type": "call.chat",
                "from": self.peer_id,
                "name": user.get_display_name(),
                "text": text,
                "at": timezone.now().isoformat(),
            },
        )

    async def on_state(self, content):
        appointment_id = int_field(content, "appointment", minimum=1)
        state = content.get("state")
        if state not in ("connected", "ended"):
            raise ProtocolError("state")
        allowed = await self._allowed("call.state", appointment_id)
        if allowed is None:
            return
        user, appointment = allowed
        event = "started" if state == "connected" else "ended"
        try:
            await database_sync_to_async(services.call_mark)(actor=user, appointment=appointment, event=event)
        except services.EspapError:
            await self._refuse("call.state", appointment_id, "forbidden")
            return
        await self.send_json({"type": "call.state", "appointment": appointment_id, "state": state})

    async def on_leave(self, content):
        appointment_id = int_field(content, "appointment", minimum=1)
        await self._leave(appointment_id)
        await self.send_json({"type": "call.left", "appointment": appointment_id})

    async def disconnect(self):
        for appointment_id in list(self.calls):
            await self._leave(appointment_id)

    # --- group events -------------------------------------------------------------------------

    async def relay(self, event):
        """An event of a call: to the page only when this socket is in the call, may still be,
        is not the one that sent it (a signal, a peer notice) and is the one it is meant for."""
        kind = event.get("type")
        appointment_id = event.get("appointment")
        if appointment_id not in self.calls:
            return
        sender = event.get("from")
        if kind in ("call.signal", "call.peer") and sender == self.peer_id:
            return
        if event.get("to") and event["to"] != self.peer_id:
            return
        if await self._allowed(kind, appointment_id) is None:
            return
        payload = {key: value for key, value in event.items() if key != "to"}
        if kind == "call.chat":
            payload["mine"] = sender == self.peer_id
        elif kind == "call.document":
            payload = {
                "type": kind,
                "appointment": appointment_id,
                "id": event.get("id"),
                "name": event.get("name", ""),
                "url": reverse("espap:document", args=[appointment_id, event.get("id")]),
            }
        await self.send_json(payload)
