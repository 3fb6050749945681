"""Versions of what a member may do, shared by every process.

A long-lived object (a WebSocket's user, the grants a policy loaded for it) must not keep a
right its member lost in another process. Each member has two counters in the shared cache
(Redis at scale, the process's memory in the embedded default, where there is one process):

- ``auth``: bumped when the account is deactivated, its password changes or one of its sessions
  logs out. A socket reads it before acting on every frame and closes when it moved; the bump
  also pushes ``auth.revoked`` to the member's sockets (or one session's) so they close at once.
- ``grants``: bumped when the member's rights on spaces change (joined, left, removed, role).
  The permission policy reloads the grants it cached on a user object when it moved.

A session that logs out is marked revoked too, so that a socket opened with it stops even if
the push was missed. Reading all three is one cache round trip (``versions``), not a query.
"""

import hashlib

from django.core.cache import cache

from core import events

AUTH = "auth"
GRANTS = "grants"
SESSION_REVOKED_SECONDS = 14 * 24 * 3600  # longer than a session lives (SESSION_COOKIE_AGE)


def _key(kind: str, user_id) -> str:
    return f"access:{kind}:{user_id}"


def _session_key(group: str) -> str:
    return f"access:revoked:{group}"


def versions(user_id, session: str = "") -> dict:
    """{"auth": n, "grants": m, "revoked": bool} for the member and the socket's session group."""
    keys = [_key(AUTH, user_id), _key(GRANTS, user_id)] + ([_session_key(session)] if session else [])
    found = cache.get_many(keys)
    return {
        AUTH: found.get(keys[0], 0),
        GRANTS: found.get(keys[1], 0),
        "revoked": bool(session and found.get(_session_key(session))),
    }


def version(kind: str, user_id) -> int:
    return cache.get(_key(kind, user_id), 0)


def bump(kind: str, user_id) -> int:
    key = _key(kind, user_id)
    cache.add(key, 0, timeout=None)
    try:
        return cache.incr(key)
    except ValueError:  # evicted between the two calls
        cache.set(key, 1, timeout=None)
        return 1


def session_group(session_key: str) -> str:
    """The Channels group of the sockets opened with one session (its key never leaves here)."""
    return "session." + hashlib.sha256(session_key.encode()).hexdigest()[:32]


def revoke_user(user_id) -> None:
    """The account was deactivated or its password changed: every socket of it closes."""
    bump(AUTH, user_id)
    events.send_on_commit({"type": "auth.revoked"}, user_ids=[user_id])


def revoke_session(user_id, session_key: str) -> None:
    """One session logged out: the sockets opened with it close (the member's others stay)."""
    if session_key:
        group = session_group(session_key)
        cache.set(_session_key(group), 1, timeout=SESSION_REVOKED_SECONDS)
        events.send_now({"type": "auth.revoked"}, groups=[group])
