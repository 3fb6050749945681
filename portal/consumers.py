"""The workspace WebSocket.

One connection per tab carries everything real-time for a member. It refuses anonymous
users; modules (chat, notifications, presence) join their groups on connect.
"""

import json

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from workspace.chat.consumers import ChatConsumerMixin


class WorkspaceConsumer(ChatConsumerMixin, AsyncJsonWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active:
            await self.close(code=4401)
            return
        self.user_group = f"user.{user.pk}"
        await self.channel_layer.group_add(self.user_group, self.channel_name)
        await self.accept()
        await self.send_json({"type": "hello", "user": user.pk})
        await self.chat_connect(user)

    async def disconnect(self, code):
        if hasattr(self, "user_group"):
            await self.channel_layer.group_discard(self.user_group, self.channel_name)
            await self.chat_disconnect(self.scope["user"])

    async def notification_new(self, event):
        """A notification was stored for this member (workspace.notifications): pass it on."""
        await self.send_json(event)

    async def notification_count(self, event):
        await self.send_json(event)

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        if text_data is None:  # a binary frame: not part of the protocol
            await self.send_json({"type": "error", "error": "bad_message"})
            return
        await super().receive(text_data=text_data, **kwargs)

    @classmethod
    async def decode_json(cls, text_data):
        try:
            return json.loads(text_data)
        except ValueError:
            return None

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict):
            await self.send_json({"type": "error", "error": "bad_message"})
            return
        if content.get("type") == "ping":
            await self.send_json({"type": "pong"})
        elif await self.chat_receive(self.scope["user"], content):
            pass
        else:
            await self.send_json({"type": "error", "error": "unknown_type"})
