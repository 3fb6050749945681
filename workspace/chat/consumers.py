"""The chat's part of the workspace WebSocket (``Module.socket``; workspace.spaces.consumers).

Every socket counts for presence. A page that follows the chat (``/ws/?modules=chat``) joins
``room.<id>`` for every room of the member and receives a snapshot; ``chat.resume`` with the
last message id the client saw returns, in order, what it missed. Frames are read with the
socket's typed field readers (a malformed one gets ``bad_message``), and dispatched to the
services in the sockets' database threads (``db``), which check the rights again.

Typing notices and presence changes are throttled per member and room (``TYPING_SECONDS``,
``PRESENCE_SECONDS``): a client sending hundreds of them a second fans out a few.
"""

import time

from django.core.cache import cache

from core import presence
from workspace.chat import selectors, services
from workspace.chat.models import Message, Room, RoomMember
from workspace.spaces.consumers import MAX_FRAME_BYTES, SocketHandler, db, int_field, str_field

TYPING_SECONDS = 3  # a member's typing notice reaches a room at most once in that time
PRESENCE_SECONDS = 5  # and their presence changes, once in that time
ID_MAX_LENGTH = 64


def _throttled(key: str, seconds: int) -> bool:
    """True when ``key`` was let through less than ``seconds`` ago (shared by every process)."""
    return not cache.add(f"throttle:{key}", 1, seconds)


class ChatSocket(SocketHandler):
    frames = {
        "chat.send": "on_send",
        "chat.edit": "on_edit",
        "chat.delete": "on_delete",
        "chat.react": "on_react",
        "chat.read": "on_read",
        "chat.typing": "on_typing",
        "chat.resume": "on_resume",
        "chat.history": "on_history",
        "presence.set": "on_presence",
    }
    events = {
        "chat.message": "forward",
        "chat.update": "forward",
        "chat.read": "forward",
        "chat.typing": "typing_event",
        "chat.room": "room_joined",
        "chat.room_left": "room_left",
        "presence.update": "forward",
    }

    def __init__(self, consumer, *, subscribed: bool):
        super().__init__(consumer, subscribed=subscribed)
        self.room_ids: set[int] = set()
        self.presence_rooms: set[int] = set()
        self.status = "online"

    # --- lifecycle ------------------------------------------------------------------------

    async def join(self):
        if self.subscribed:
            self.room_ids = set(await db(self._rooms, writes=True)())
            for room_id in self.room_ids:
                await self.group_add(f"room.{room_id}")

    async def connect(self):
        user = self.user
        came_online = presence.connect(user.pk)
        if self.subscribed:  # read after joining the rooms: a message is in it or arrives after
            await self.send_json(await db(self._snapshot)())
        elif came_online:
            self.presence_rooms = await db(self._presence_rooms)()
        if came_online:
            await self._broadcast_presence("online")

    async def disconnect(self):
        for room_id in self.room_ids:
            await self.group_discard(f"room.{room_id}")
        if presence.disconnect(self.user.pk):
            if not self.presence_rooms and not self.subscribed:
                self.presence_rooms = await db(self._presence_rooms)()
            await self._broadcast_presence("offline")

    # --- sync helpers -------------------------------------------------------------------------

    def _rooms(self):
        services.rooms_ensure(user=self.user)
        return selectors.room_ids_for(self.user)

    def _presence_rooms(self) -> set[int]:
        """The rooms told of this member's presence: conversations and groups, not the network's
        lounge nor a room so large that every arrival would be told to hundreds of sockets."""
        candidates = list(
            selectors.memberships_of(self.user).exclude(room__kind=Room.Kind.LOUNGE).values_list("room_id", flat=True)
        )
        large = selectors.large_room_ids(candidates)
        return {pk for pk in candidates if pk not in large}

    def _snapshot(self):
        user = self.user
        memberships = selectors.rooms_for(user)
        rooms = [m.room for m in memberships]
        candidates = [r.pk for r in rooms if r.kind != Room.Kind.LOUNGE]
        large = selectors.large_room_ids(candidates)
        self.presence_rooms = {pk for pk in candidates if pk not in large}
        # A conversation is named after its other members: read with the presence rooms' members
        # (one query for both; a conversation is never large, but one would be read apart).
        conversations = {r.pk for r in rooms if r.kind in (Room.Kind.DIRECT, Room.Kind.THREAD)}
        apart = [r for r in rooms if r.pk in conversations - self.presence_rooms]
        names = selectors.direct_partner_names(user, apart) if apart else {}
        members_of, people, partners = {}, {}, {}
        others = RoomMember.objects.filter(room_id__in=self.presence_rooms).select_related("user")
        for member in others:
            name = member.user.get_display_name()
            members_of.setdefault(member.room_id, []).append(member.user_id)
            people[str(member.user_id)] = name
            if member.room_id in conversations and member.user_id != user.pk:
                partners.setdefault(member.room_id, []).append(name)
        names.update({room_id: ", ".join(sorted(found)) for room_id, found in partners.items()})
        member_ids = {uid for ids in members_of.values() for uid in ids}
        return {
            "type": "chat.snapshot",
            "user": user.pk,
            "rooms": [
                {
                    "id": m.room.pk,
                    "kind": m.room.kind,
                    "name": str(m.room.name or names.get(m.room.pk, "")),
                    "unread": m.unread,
                    "last_read": m.last_read_message_id,
                    "last_message": m.room.last_message_id,
                    "members": members_of.get(m.room.pk, []),
                }
                for m in memberships
            ],
            "presence": {str(k): v for k, v in presence.of(member_ids).items()},
            "people": people,
        }

    def _room(self, content, name="room"):
        room = Room.objects.filter(pk=int_field(content, name, minimum=1)).select_related("space").first()
        if room is None or not services.can_access_room(self.user, room):
            raise services.ChatError("forbidden", "forbidden")
        return room

    def _message(self, content):
        message = Message.objects.select_related("room").filter(pk=int_field(content, "id", minimum=1)).first()
        if message is None or not services.can_access_room(self.user, message.room):
            raise services.ChatError("forbidden", "forbidden")
        return message

    async def _call(self, content, function):
        """Run ``function`` (sync, database) and answer a refusal of the services as chat.error."""
        try:
            return await db(function, writes=True)()
        except services.ChatError as error:
            await self.send_json(
                {"type": "chat.error", "code": error.code, "error": str(error), "local_id": content.get("local_id")}
            )
            return None

    # --- client frames ----------------------------------------------------------------------

    async def on_send(self, content):
        local_id = str_field(content, "local_id", max_length=ID_MAX_LENGTH)
        text = str_field(content, "text", max_length=MAX_FRAME_BYTES)
        reply_to = int_field(content, "reply_to", required=False)
        attachment = int_field(content, "attachment", required=False)

        def send():
            message = services.message_send(
                user=self.user,
                room=self._room(content),
                text=text,
                local_id=local_id,
                reply_to_id=reply_to or None,
                attachment_id=attachment or None,
            )
            return message.pk

        message_id = await self._call(content, send)
        if message_id is not None:
            await self.send_json({"type": "chat.ack", "local_id": local_id, "id": message_id})

    async def on_edit(self, content):
        text = str_field(content, "text", max_length=MAX_FRAME_BYTES)
        await self._call(
            content, lambda: services.message_edit(user=self.user, message=self._message(content), text=text)
        )

    async def on_delete(self, content):
        await self._call(content, lambda: services.message_delete(user=self.user, message=self._message(content)))

    async def on_react(self, content):
        emoji = str_field(content, "emoji", max_length=16)
        await self._call(
            content, lambda: services.reaction_toggle(user=self.user, message=self._message(content), emoji=emoji)
        )

    async def on_read(self, content):
        message_id = int_field(content, "id", required=False, default=0)
        await self._call(
            content,
            lambda: services.room_mark_read(user=self.user, room=self._room(content), message_id=message_id),
        )

    async def on_typing(self, content):
        room_id = int_field(content, "room", minimum=1)
        if _throttled(f"typing:{self.user.pk}:{room_id}", TYPING_SECONDS):
            return
        await self._call(content, lambda: services.typing(user=self.user, room=self._room(content)))

    async def on_resume(self, content):
        """What the client missed: in every room after the last id it saw (a reconnection), or in
        one room (``room``: it noticed a gap there)."""
        last_id = int_field(content, "last_id", required=False, default=0)
        room_id = int_field(content, "room", required=False, minimum=1)

        def read():
            if room_id:
                found = selectors.messages_after(self._room(content), last_id)
            else:
                found = selectors.missed_messages(self.user, last_id)
            return selectors.serialize_messages(found, self.user)

        messages = await self._call(content, read)
        if messages is None:
            return
        for payload in messages:
            await self.send_json({"type": "chat.message", "message": payload, "resumed": True})
        await self.send_json(
            {"type": "chat.resumed", "room": room_id, "last_id": messages[-1]["id"] if messages else last_id}
        )

    async def on_history(self, content):
        before = int_field(content, "before", required=False, minimum=1)

        def read():
            room = self._room(content)
            return selectors.serialize_messages(selectors.messages_before(room, before), self.user)

        messages = await self._call(content, read)
        if messages is not None:
            await self.send_json({"type": "chat.history", "room": content.get("room"), "messages": messages})

    async def on_presence(self, content):
        status = content.get("status")
        if status not in ("online", "away") or status == self.status:
            return
        self.status = status
        presence.set_status(self.user.pk, status)
        if not _throttled(f"presence:{self.user.pk}", PRESENCE_SECONDS):
            await self._broadcast_presence(status)

    async def _broadcast_presence(self, status):
        for room_id in self.presence_rooms:
            await self.consumer.channel_layer.group_send(
                f"room.{room_id}",
                {"type": "presence.update", "user": self.user.pk, "status": status, "last_seen": time.time()},
            )

    # --- group events -------------------------------------------------------------------------

    async def forward(self, event):
        if not self.subscribed:
            return
        frame = event.get("frame")  # a message event, encoded once by the sender (room_event)
        if frame is not None:
            await self.send_text(frame)
        else:
            await self.send_json(event)

    async def typing_event(self, event):
        if self.subscribed and event.get("user") != self.user.pk:
            await self.send_json(event)

    async def room_joined(self, event):
        """The member was given a room (a conversation, a group they joined): follow it."""
        if not self.subscribed:
            return
        room_id = int(event["room"])
        if room_id not in self.room_ids:
            self.room_ids.add(room_id)
            await self.group_add(f"room.{room_id}")
        await self.send_json(await db(self._snapshot)())

    async def room_left(self, event):
        """The member left a group (or was removed): its room stops reaching this socket."""
        room_id = int(event["room"])
        self.presence_rooms.discard(room_id)
        if room_id in self.room_ids:
            self.room_ids.discard(room_id)
            await self.group_discard(f"room.{room_id}")
        if self.subscribed:
            await self.send_json({"type": "chat.room_left", "room": room_id})
