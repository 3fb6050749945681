"""The workspace WebSocket, at /ws/: one connection per tab carries everything real-time.

The consumer knows no module: it asks the registry for the ``SocketHandler`` each module
declared (``Module.socket``), builds one per connection, and dispatches to them the client's
frames (by ``type``: ``chat.send``) and the channel layer's events (``chat.message``). A page
says which modules it follows in the address (``/ws/?modules=chat``): the notification bell of
every page connects to plain ``/ws/`` and hears only what is sent to its member.

Rights are re-checked before acting, in every process: each frame first reads the member's
access versions from the shared cache (``core.access``: one round trip). A deactivated
account, a changed password or a logged-out session closes the socket (code 4401), and the
grants a process cached for the member are dropped when another process changed them. The
same changes also push ``auth.revoked``, so an idle socket closes at once.

Every frame gets an answer or a clean error: a frame that is not a JSON object, has no string
``type``, or whose fields have the wrong type or size, gets ``{"type": "error", "error":
"bad_message"}``; nothing a client sends crashes the connection.
"""

import json
import logging
import math
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.db import connections

from core import access
from core.users import is_active_member
from workspace.spaces import modules as registry
from workspace.spaces.permissions import policy

logger = logging.getLogger(__name__)

CLOSE_UNAUTHENTICATED = 4401
MAX_FRAME_BYTES = 64 * 1024
MAX_ID = 2**63 - 1


# The sockets' database work runs in a few threads of its own, not in the one thread that
# Channels' ``database_sync_to_async`` shares with every other socket of the process: a snapshot
# being read no longer holds up a message being sent. One socket's calls still run one at a time
# (a consumer handles one frame or event after the other).
DB_THREADS = 4
_db_threads = None


def _shared_memory_database() -> bool:
    """An in-memory SQLite database (the tests'): its connections share it through table locks
    that fail at once instead of waiting, so all its work stays in Channels' one thread."""
    default = connections["default"]
    return default.vendor == "sqlite" and default.is_in_memory_db()


def _release_connections():
    """After a call, as Django after a request: a connection goes back to the pool, or is closed
    when unusable or older than CONN_MAX_AGE (the embedded SQLite keeps its own open)."""
    for connection in connections.all(initialized_only=True):
        connection.close_if_unusable_or_obsolete()


# SQLite lets one writer in at a time and makes the others retry after sleeps of up to 100 ms:
# the process's writers queue here instead, each let in as soon as the one before is done.
_sqlite_writer = threading.Lock()


def _in_db_thread(function, writes):
    def call(*args, **kwargs):
        try:
            if writes and connections["default"].vendor == "sqlite":
                with _sqlite_writer:
                    return function(*args, **kwargs)
            return function(*args, **kwargs)
        finally:
            _release_connections()

    return call


def db(function, *, writes: bool = False):
    """``function`` (sync, may use the database) as an awaitable run in the sockets' threads;
    ``writes``: it may write (with SQLite, the process's writers take turns)."""
    global _db_threads
    if _shared_memory_database():
        return database_sync_to_async(function)
    if _db_threads is None:
        _db_threads = ThreadPoolExecutor(max_workers=DB_THREADS, thread_name_prefix="socket-db")
    return sync_to_async(_in_db_thread(function, writes), thread_sensitive=False, executor=_db_threads)


class ProtocolError(ValueError):
    """A frame the protocol does not allow; the client gets ``bad_message``."""


# -- reading a frame's fields ------------------------------------------------------------------


def int_field(content: dict, name: str, *, required: bool = True, default=None, minimum: int = 0) -> int | None:
    """A whole number in ``minimum``…2⁶³-1, given as a JSON number or a string of digits."""
    value = content.get(name)
    if value is None or value == "":
        if required:
            raise ProtocolError(name)
        return default
    if isinstance(value, bool):
        raise ProtocolError(name)
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise ProtocolError(name)
        value = int(value)
    elif isinstance(value, str):
        if not (value.isascii() and value.isdigit() and len(value) <= 19):
            raise ProtocolError(name)
        value = int(value)
    elif not isinstance(value, int):
        raise ProtocolError(name)
    if not minimum <= value <= MAX_ID:
        raise ProtocolError(name)
    return value


def str_field(content: dict, name: str, *, max_length: int, default: str = "") -> str:
    value = content.get(name, default)
    if value is None:
        return default
    if not isinstance(value, str) or len(value) > max_length:
        raise ProtocolError(name)
    return value


# -- what a module brings to the socket ----------------------------------------------------------


class SocketHandler:
    """A module's part of the workspace socket, one instance per connection.

    ``frames`` maps a client frame type to a method name, ``events`` a channel-layer event type
    to a method name; the registry refuses two modules claiming the same type. ``subscribed``
    says whether the page asked for this module (``/ws/?modules=<slug>``).
    """

    frames: dict[str, str] = {}
    events: dict[str, str] = {}

    def __init__(self, consumer: "WorkspaceConsumer", *, subscribed: bool):
        self.consumer = consumer
        self.subscribed = subscribed

    @property
    def user(self):
        return self.consumer.scope["user"]

    async def send_json(self, content):
        await self.consumer.send_json(content)

    async def send_text(self, text: str):
        """A frame already encoded (the same text for every socket of a room)."""
        await self.consumer.send(text_data=text)

    async def group_add(self, group: str):
        await self.consumer.channel_layer.group_add(group, self.consumer.channel_name)

    async def group_discard(self, group: str):
        await self.consumer.channel_layer.group_discard(group, self.consumer.channel_name)

    async def join(self):
        """After the socket is accepted, before the hello: join the module's groups."""

    async def connect(self):
        """After the hello."""

    async def disconnect(self):
        """When the socket closes (also after a failed connect)."""


class WorkspaceConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if not is_active_member(user):
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        session = self.scope.get("session")
        self.session_group = access.session_group(session.session_key) if session and session.session_key else ""
        current = await db(access.versions)(user.pk, self.session_group)
        if current["revoked"]:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.auth_version = current[access.AUTH]
        self.user_group = f"user.{user.pk}"
        await self.channel_layer.group_add(self.user_group, self.channel_name)
        if self.session_group:
            await self.channel_layer.group_add(self.session_group, self.channel_name)
        await self.accept()
        wanted = set()
        for value in parse_qs(self.scope.get("query_string", b"").decode("latin-1")).get("modules", []):
            wanted.update(part.strip() for part in value.split(","))
        self.handlers, self.frame_routes, self.event_routes = [], {}, {}
        for module, handler_class in registry.socket_handlers():
            handler = handler_class(self, subscribed=module.slug in wanted)
            self.handlers.append(handler)
            for frame_type, method in handler_class.frames.items():
                self.frame_routes[frame_type] = getattr(handler, method)
            for event_type, method in handler_class.events.items():
                self.event_routes[event_type] = getattr(handler, method)
        for handler in self.handlers:
            await handler.join()
        # Once the hello arrives, the socket is in its groups: nothing sent to them after is missed.
        await self.send_json({"type": "hello", "user": user.pk})
        for handler in self.handlers:
            await handler.connect()

    async def disconnect(self, code):
        if not hasattr(self, "user_group"):
            return
        await self.channel_layer.group_discard(self.user_group, self.channel_name)
        if self.session_group:
            await self.channel_layer.group_discard(self.session_group, self.channel_name)
        for handler in getattr(self, "handlers", []):
            try:
                await handler.disconnect()
            except Exception:  # noqa: BLE001 - one module's clean-up must not stop the others'
                logger.exception("socket handler %s failed to disconnect", type(handler).__name__)

    # -- the channel layer's events --------------------------------------------------------

    async def dispatch(self, message):
        route = getattr(self, "event_routes", {}).get(message.get("type"))
        if route is not None:
            await route(message)
            return
        await super().dispatch(message)

    async def auth_revoked(self, event):
        """The member was deactivated, changed password or logged out: close at once."""
        await self.close(code=CLOSE_UNAUTHENTICATED)

    async def notification_new(self, event):
        await self.send_json(event)

    async def notification_count(self, event):
        await self.send_json(event)

    # -- the client's frames -----------------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        if text_data is None or len(text_data) > MAX_FRAME_BYTES:  # binary or oversized
            await self.send_json({"type": "error", "error": "bad_message"})
            return
        await super().receive(text_data=text_data, **kwargs)

    @classmethod
    async def decode_json(cls, text_data):
        try:
            return json.loads(text_data)
        except (ValueError, RecursionError):
            return None

    def _still_allowed(self) -> bool:
        """Read the member's access versions (one cache round trip): False when the account or
        the session lost its rights; the policy's cached grants are dropped when they moved."""
        user = self.scope["user"]
        current = access.versions(user.pk, self.session_group)
        if current["revoked"] or current[access.AUTH] != self.auth_version:
            return False
        policy.revalidate(user, current[access.GRANTS])
        return True

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict) or not isinstance(content.get("type"), str):
            await self.send_json({"type": "error", "error": "bad_message"})
            return
        if not await db(self._still_allowed)():
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        kind = content["type"]
        if kind == "ping":
            await self.send_json({"type": "pong"})
            return
        route = self.frame_routes.get(kind)
        if route is None:
            await self.send_json({"type": "error", "error": "unknown_type"})
            return
        try:
            await route(content)
        except ProtocolError:
            await self.send_json({"type": "error", "error": "bad_message", "frame": kind})
        except Exception:  # noqa: BLE001 - a defect must not close every module's socket
            logger.exception("socket frame %s failed", kind)
            await self.send_json({"type": "error", "error": "server_error", "frame": kind})
