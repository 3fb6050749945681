"""The static files storage of a site served without DEBUG: hashed names, compressed copies.

Django's manifest storage also rewrites each ``sourceMappingURL`` comment to the hashed name of
the source map, and stops ``collectstatic`` when that map is absent. Vendored files name maps
their packages do not ship (xstatic-leaflet-markercluster's ``leaflet.markercluster.js`` names
``leaflet.markercluster.js.map``; Django ticket #33353). A source map only helps a developer's
browser tools: the comments are left as they are, every other reference (CSS ``url()`` and
``@import``) is still rewritten and still checked.
"""

from django.contrib.staticfiles.storage import HashedFilesMixin
from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    kept = []
    for extension, extension_patterns in patterns:
        rest = tuple(
            pattern
            for pattern in extension_patterns
            if "sourceMappingURL" not in (pattern[0] if isinstance(pattern, tuple) else pattern)
        )
        if rest:
            kept.append((extension, rest))
    return tuple(kept)


class ManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(HashedFilesMixin.patterns)
