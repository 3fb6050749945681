"""A page cache for the public site, purged on publish and unpublish.

wagtail-cache, the maintained option, declares ``wagtail<8.0``; this is the small part of it we
need, written against Django's cache framework (local memory by default, Redis at scale).

A page is served from the cache only to an anonymous visitor with no session and no pending
message, for GET or HEAD. A response is stored only when it is a 200 that set no cookie and
used no CSRF token. Every publish, unpublish, move or deletion of a page, and every change of the
public site settings, bumps one version number that is part of every key: the whole cache is
purged at once (figures on the home page depend on pages elsewhere in the tree). Entries also
expire after ``PAGE_CACHE_SECONDS`` (0 turns the cache off).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation

VERSION_KEY = "home:pagecache:version"
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")
HIT_HEADER = "X-Page-Cache"


def seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0) or 0)


def version() -> int:
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        value = cache.get(VERSION_KEY, 1)
    return value


def purge(**_kwargs) -> None:
    """Forget every cached page (all keys carry the version number)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def request_is_cacheable(request) -> bool:
    if seconds() <= 0 or request.method not in ("GET", "HEAD"):
        return False
    if getattr(request, "is_preview", False):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def response_is_cacheable(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.META.get("CSRF_COOKIE_USED")
        and not response.has_header("Cache-Control")
    )


def key_for(request) -> str:
    raw = f"{request.get_host()}|{translation.get_language()}|{request.get_full_path()}"
    return f"home:page:{version()}:{hashlib.sha256(raw.encode()).hexdigest()}"


class CachedPageMixin:
    """Serve a public page from the cache when the request and the response allow it."""

    def serve(self, request, *args, **kwargs):
        if not request_is_cacheable(request):
            return super().serve(request, *args, **kwargs)
        key = key_for(request)
        hit = cache.get(key)
        if hit is not None:
            status, headers, content = hit
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response[HIT_HEADER] = "hit"
            return response
        response = super().serve(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if response_is_cacheable(request, response):
            headers = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
            cache.set(key, (response.status_code, headers, response.content), seconds())
            response[HIT_HEADER] = "miss"
        return response


def connect_signals():
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from home.models import PublicSiteSettings

    page_published.connect(purge, dispatch_uid="home-pagecache-published")
    page_unpublished.connect(purge, dispatch_uid="home-pagecache-unpublished")
    post_page_move.connect(purge, dispatch_uid="home-pagecache-moved")
    post_delete.connect(_purge_on_page_delete, dispatch_uid="home-pagecache-deleted")
    post_save.connect(_purge_on_settings_change, sender=PublicSiteSettings, dispatch_uid="home-pagecache-settings")
    del Page


def _purge_on_settings_change(sender, instance, created, **kwargs):
    if not created:  # the first page view creates the (empty) settings: nothing to purge then
        purge()


def _purge_on_page_delete(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        purge()
