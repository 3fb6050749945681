"""Presence: online, away or offline, with last seen. Counted per connection in the cache, so
several tabs and several Daphne processes (Redis cache) agree."""

import time

from django.core.cache import cache

TTL = 24 * 3600


def _count_key(user_id):
    return f"presence:count:{user_id}"


def _state_key(user_id):
    return f"presence:state:{user_id}"


def connect(user_id) -> bool:
    """Returns True when the member just came online."""
    cache.add(_count_key(user_id), 0, TTL)
    try:
        count = cache.incr(_count_key(user_id))
    except ValueError:
        cache.set(_count_key(user_id), 1, TTL)
        count = 1
    cache.set(_state_key(user_id), {"status": "online", "last_seen": time.time()}, TTL)
    return count == 1


def disconnect(user_id) -> bool:
    """Returns True when the member's last connection closed."""
    try:
        count = cache.decr(_count_key(user_id))
    except ValueError:
        count = 0
    if count <= 0:
        cache.set(_count_key(user_id), 0, TTL)
        cache.set(_state_key(user_id), {"status": "offline", "last_seen": time.time()}, TTL)
        return True
    return False


def set_status(user_id, status: str) -> None:
    if status in ("online", "away"):
        cache.set(_state_key(user_id), {"status": status, "last_seen": time.time()}, TTL)


def of(user_ids) -> dict:
    keys = {_state_key(uid): uid for uid in user_ids}
    found = cache.get_many(list(keys))
    result = {}
    for key, uid in keys.items():
        state = found.get(key) or {"status": "offline", "last_seen": None}
        result[uid] = state
    return result
