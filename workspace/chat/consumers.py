"""The chat's part of the workspace WebSocket (portal.consumers.WorkspaceConsumer).

On connect the socket joins ``room.<id>`` for every room of the member and receives a
snapshot; ``chat.resume`` with the last message id the client saw returns, in order, what it
missed. Client messages are dispatched to the services through ``database_sync_to_async``.
"""

from channels.db import database_sync_to_async

from workspace.chat import presence, selectors, services
from workspace.chat.models import Message, Room


class ChatConsumerMixin:
    chat_room_ids: set

    # --- lifecycle, called by the workspace consumer ---------------------------------------

    async def chat_connect(self, user):
        self.chat_room_ids = set(await database_sync_to_async(self._chat_rooms)(user))
        for room_id in self.chat_room_ids:
            await self.channel_layer.group_add(f"room.{room_id}", self.channel_name)
        came_online = presence.connect(user.pk)
        await self.send_json(await database_sync_to_async(self._snapshot)(user))
        if came_online:
            await self._broadcast_presence(user.pk, "online")

    async def chat_disconnect(self, user):
        for room_id in getattr(self, "chat_room_ids", ()):
            await self.channel_layer.group_discard(f"room.{room_id}", self.channel_name)
        if presence.disconnect(user.pk):
            await self._broadcast_presence(user.pk, "offline")

    async def chat_receive(self, user, content) -> bool:
        """Handle a chat or presence message; False when the type is not ours."""
        kind = content.get("type", "")
        handlers = {
            "chat.send": self._on_send,
            "chat.edit": self._on_edit,
            "chat.delete": self._on_delete,
            "chat.react": self._on_react,
            "chat.read": self._on_read,
            "chat.typing": self._on_typing,
            "chat.resume": self._on_resume,
            "chat.history": self._on_history,
            "presence.set": self._on_presence,
        }
        handler = handlers.get(kind)
        if handler is None:
            return False
        try:
            await handler(user, content)
        except services.ChatError as error:
            await self.send_json(
                {"type": "chat.error", "code": error.code, "error": str(error), "local_id": content.get("local_id")}
            )
        except (Room.DoesNotExist, Message.DoesNotExist, ValueError, TypeError):
            await self.send_json({"type": "chat.error", "code": "not_found", "local_id": content.get("local_id")})
        return True

    # --- sync helpers -------------------------------------------------------------------------

    def _chat_rooms(self, user):
        services.rooms_ensure(user=user)
        self.chat_presence_rooms = set()  # filled by the snapshot
        return list(selectors.memberships_of(user).values_list("room_id", flat=True))

    def _snapshot(self, user):
        memberships = selectors.rooms_for(user)
        rooms = [m.room for m in memberships]
        names = selectors.direct_partner_names(user, rooms)
        from workspace.chat.models import RoomMember

        # Presence is shown in conversations and groups, not in the network's lounge nor in a
        # room so large that every arrival would be told to hundreds of sockets.
        candidates = [r.pk for r in rooms if r.kind != Room.Kind.LOUNGE]
        large = selectors.large_room_ids(candidates)
        self.chat_presence_rooms = {pk for pk in candidates if pk not in large}
        members_of, people = {}, {}
        others = RoomMember.objects.filter(room_id__in=self.chat_presence_rooms).select_related("user")
        for member in others:
            members_of.setdefault(member.room_id, []).append(member.user_id)
            people[str(member.user_id)] = member.user.get_display_name()
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

    def _room(self, user, room_id):
        room = Room.objects.get(pk=int(room_id))
        if not services.can_access_room(user, room):
            raise services.ChatError("forbidden", "forbidden")
        return room

    def _message(self, user, message_id):
        message = Message.objects.select_related("room").get(pk=int(message_id))
        if not services.can_access_room(user, message.room):
            raise services.ChatError("forbidden", "forbidden")
        return message

    # --- client messages ------------------------------------------------------------------------

    async def _on_send(self, user, content):
        def send():
            room = self._room(user, content.get("room"))
            message = services.message_send(
                user=user,
                room=room,
                text=str(content.get("text", "")),
                local_id=str(content.get("local_id", "")),
                reply_to_id=content.get("reply_to") or None,
                attachment_id=content.get("attachment") or None,
            )
            return message.pk

        message_id = await database_sync_to_async(send)()
        await self.send_json({"type": "chat.ack", "local_id": content.get("local_id"), "id": message_id})

    async def _on_edit(self, user, content):
        await database_sync_to_async(
            lambda: services.message_edit(
                user=user, message=self._message(user, content.get("id")), text=str(content.get("text", ""))
            )
        )()

    async def _on_delete(self, user, content):
        await database_sync_to_async(
            lambda: services.message_delete(user=user, message=self._message(user, content.get("id")))
        )()

    async def _on_react(self, user, content):
        await database_sync_to_async(
            lambda: services.reaction_toggle(
                user=user, message=self._message(user, content.get("id")), emoji=str(content.get("emoji", ""))
            )
        )()

    async def _on_read(self, user, content):
        await database_sync_to_async(
            lambda: services.room_mark_read(
                user=user, room=self._room(user, content.get("room")), message_id=int(content.get("id", 0))
            )
        )()

    async def _on_typing(self, user, content):
        await database_sync_to_async(lambda: services.typing(user=user, room=self._room(user, content.get("room"))))()

    async def _on_resume(self, user, content):
        """What the client missed: in every room after the last id it saw (a reconnection), or in
        one room (``room``: it noticed a gap there)."""
        last_id = int(content.get("last_id") or 0)
        room_id = content.get("room")

        def read():
            if room_id:
                found = selectors.messages_after(self._room(user, room_id), last_id)
            else:
                found = selectors.missed_messages(user, last_id)
            return selectors.serialize_messages(found, user)

        messages = await database_sync_to_async(read)()
        for payload in messages:
            await self.send_json({"type": "chat.message", "message": payload, "resumed": True})
        await self.send_json(
            {"type": "chat.resumed", "room": room_id, "last_id": messages[-1]["id"] if messages else last_id}
        )

    async def _on_history(self, user, content):
        def read():
            room = self._room(user, content.get("room"))
            before = content.get("before")
            return selectors.serialize_messages(selectors.messages_before(room, before and int(before)), user)

        messages = await database_sync_to_async(read)()
        await self.send_json({"type": "chat.history", "room": content.get("room"), "messages": messages})

    async def _on_presence(self, user, content):
        status = content.get("status")
        if status in ("online", "away"):
            presence.set_status(user.pk, status)
            await self._broadcast_presence(user.pk, status)

    async def _broadcast_presence(self, user_id, status):
        import time

        for room_id in getattr(self, "chat_presence_rooms", ()):
            await self.channel_layer.group_send(
                f"room.{room_id}",
                {"type": "presence.update", "user": user_id, "status": status, "last_seen": time.time()},
            )

    # --- group events -------------------------------------------------------------------------

    async def chat_message(self, event):
        await self.send_json(event)

    async def chat_update(self, event):
        await self.send_json(event)

    async def chat_typing(self, event):
        if event.get("user") != self.scope["user"].pk:
            await self.send_json(event)

    async def chat_read(self, event):
        await self.send_json(event)

    async def chat_room(self, event):
        room_id = int(event["room"])
        if room_id not in self.chat_room_ids:
            self.chat_room_ids.add(room_id)
            await self.channel_layer.group_add(f"room.{room_id}", self.channel_name)
        await self.send_json(await database_sync_to_async(self._snapshot)(self.scope["user"]))

    async def chat_room_left(self, event):
        """The user left a group (or was removed): its room stops reaching this socket."""
        room_id = int(event["room"])
        if room_id in self.chat_room_ids:
            self.chat_room_ids.discard(room_id)
            self.chat_presence_rooms.discard(room_id)
            await self.channel_layer.group_discard(f"room.{room_id}", self.channel_name)
        await self.send_json({"type": "chat.room_left", "room": room_id})

    async def presence_update(self, event):
        await self.send_json(event)
