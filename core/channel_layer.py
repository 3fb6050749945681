"""Channels' in-memory layer (the embedded default: one process), its sweep made cheap.

Channels sweeps expired messages and group memberships on every receive and every group send,
walking every channel and group of the process each time: with 1,000 sockets, each message
fanned out to a room cost a thousand walks of a thousand channels. Messages expire after a
minute and memberships after a day, so one sweep a second loses nothing.
"""

import time

from channels.layers import InMemoryChannelLayer as ChannelsInMemoryLayer

SWEEP_SECONDS = 1.0


class InMemoryChannelLayer(ChannelsInMemoryLayer):
    _swept_at = float("-inf")

    def _clean_expired(self):
        now = time.monotonic()
        if now - self._swept_at < SWEEP_SECONDS:
            return
        self._swept_at = now
        super()._clean_expired()
