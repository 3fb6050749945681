"""How many times a connection did something lately, without keeping its address.

A public form (a survey answer, a registration to a workshop) counts what each connection sends
in a window that starts at its first attempt. Only a keyed hash of the address is kept, in the
cache, for the length of the window.
"""

from django.core.cache import cache
from django.utils.crypto import salted_hmac


def key(scope: str, client_address: str) -> str:
    """The cache key counting this connection's attempts: a keyed hash, never the address."""
    return f"throttle:{scope}:" + salted_hmac(f"throttle.{scope}", client_address or "-").hexdigest()[:32]


def exceeded(scope: str, client_address: str, *, limit: int, seconds: int) -> bool:
    """Count one attempt of this connection for ``scope``; True when it already made ``limit``
    in the last ``seconds``."""
    counter = key(scope, client_address)
    cache.add(counter, 0, seconds)
    try:
        count = cache.incr(counter)
    except ValueError:  # expired between the two calls
        cache.set(counter, 1, seconds)
        count = 1
    return count > limit
