"""A page cache for the public site, purged on publish and unpublish.

wagtail-cache, the maintained option, declares ``wagtail<8.0``; this is the small part of it we
need, written against Django's cache framework (local memory by default, Redis at scale).

The cache answers in ``PageCacheMiddleware``, before Wagtail's routing: a hit costs no database
query. Keys hold the host, the language, the path and the query parameters the page reads
(never the tracking ones such as ``utm_source``).

A page is served from the cache only to an anonymous visitor with no session and no pending
message, for GET or HEAD. A response is stored only when it is a 200 that set no cookie and
used no CSRF token. Every publish, unpublish, move or deletion of a page, and every change of the
public site settings, of a page view restriction or of an image, bumps one version number that is
part of every key: the whole cache is purged at once (figures on the home page depend on pages
elsewhere in the tree). Entries also expire after ``PAGE_CACHE_SECONDS`` (0 turns the cache off).

The same version keeps, even with the page cache off, what pages compute from the published tree
only (``published``): the view restrictions that ``.public()`` reads (``public``), the home page's
listings. A page rendered anew then asks only for what changes between publications.
"""

import hashlib
import re
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.http import HttpResponse
from django.utils import translation

VERSION_KEY = "home:pagecache:version"
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


# Parameters that tracking links add and no page reads: never part of a key, so a campaign's
# thousand distinct ``utm_source`` values share one cached page.
TRACKING_PARAMS = re.compile(r"^(utm_|mtm_|pk_|mc_|_hs|fbclid$|gclid$|dclid$|msclkid$|yclid$|igshid$|_ga$|ref$)")
PARAMS_KEY = "home:pagecache:params:"
SPEC_SECONDS = 24 * 3600


def _query(request, params) -> str:
    """The part of the query string that changes the page: the parameters it uses (all but the
    tracking ones when it did not say), sorted so that their order does not matter."""
    items = []
    for name in sorted(request.GET):
        if params is None and TRACKING_PARAMS.match(name):
            continue
        if params is not None and name not in params:
            continue
        items.extend((name, value) for value in request.GET.getlist(name))
    return urlencode(items)


def key_for(request, params=None) -> str:
    raw = f"{request.get_host()}|{translation.get_language()}|{request.path}|{_query(request, params)}"
    return f"home:page:{version()}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _params_key(request) -> str:
    raw = f"{request.get_host()}|{request.path}"
    return PARAMS_KEY + hashlib.sha256(raw.encode()).hexdigest()


class PageCacheMiddleware:
    """Answer a cached page before anything else runs: no routing, no session, no query.

    It sits after the locale and common middleware (the language is part of the key, trailing
    slashes are settled) and before CSRF, authentication, messages and Wagtail's routing, which a
    hit therefore skips. A page opts in through ``CachedPageMixin``: its ``serve`` tells this
    middleware which query parameters it reads, and the response is stored here, on its way out,
    with the headers the inner middleware added (security policy, frame options). The list of
    parameters is remembered per address, so that the next request computes the same key before
    routing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request_is_cacheable(request):
            hit = self._lookup(request)
            if hit is not None:
                return hit
        response = self.get_response(request)
        params = getattr(request, "_page_cache_params", False)
        if params is not False and response_is_cacheable(request, response):
            self._store(request, response, params)
        return response

    def _lookup(self, request):
        spec = cache.get(_params_key(request))
        if spec is None:
            return None
        hit = cache.get(key_for(request, spec[0]))
        if hit is None:
            return None
        status, headers, content = hit
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response[HIT_HEADER] = "hit"
        return response

    def _store(self, request, response, params):
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        headers = [(name, value) for name, value in response.items() if name.lower() not in SKIPPED_HEADERS]
        cache.set(_params_key(request), (params,), SPEC_SECONDS)
        cache.set(key_for(request, params), (response.status_code, headers, response.content), seconds())
        response[HIT_HEADER] = "miss"


SKIPPED_HEADERS = {"set-cookie", HIT_HEADER.lower(), "content-length"}


class CachedPageMixin:
    """A public page whose anonymous views the page cache may keep (``PageCacheMiddleware``).

    ``cache_query_params`` names the query parameters the page reads (pagination, filters);
    ``None`` keys on every parameter but the tracking ones."""

    cache_query_params = None

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if request_is_cacheable(request):
            params = self.cache_query_params
            request._page_cache_params = None if params is None else tuple(params)
        return response

    def get_view_restrictions(self):
        """Wagtail's check before serving, without its two queries when no restriction and no
        alias lies on this page's branch (the usual case): an empty queryset then, else
        Wagtail's own answer (a restricted section, a page under an alias)."""
        restrictions, aliases = view_restrictions()
        path = self.path
        if any(path.startswith(r.page.path) for r in restrictions) or any(path.startswith(a) for a in aliases):
            return super().get_view_restrictions()
        from wagtail.models import PageViewRestriction

        return PageViewRestriction.objects.none()


# --- Reads that change only with a publication ---------------------------------------------------

PUBLISHED_SECONDS = 24 * 3600


def published(name, compute, request=None, timeout=PUBLISHED_SECONDS, fresh=None):
    """``compute()``, kept under the page cache's version: computed again after the next publish,
    unpublish, move or deletion of a page, change of the site settings, of a view restriction or
    of an image (``connect_signals``), whether the page cache is on or off. ``request`` adds the
    host to the key, for values that hold URLs; ``fresh(value)``, when given, says whether a kept
    value still holds (e.g. no event in it has ended)."""
    host = request.get_host() if request is not None else ""
    key = f"home:published:{name}:{version()}:{host}"
    hit = cache.get(key)
    if hit is None or (fresh is not None and not fresh(hit[0])):
        hit = (compute(),)  # a tuple: a value of None is kept too
        cache.set(key, hit, timeout)
    return hit[0]


def _restrictions():
    from wagtail.models import Page, PageViewRestriction

    restrictions = list(
        PageViewRestriction.objects.select_related("page").only(
            "restriction_type", "password", "page__path", "page__depth"
        )
    )
    aliases = list(Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True))
    return restrictions, aliases


def view_restrictions():
    """The view restrictions of the page tree (each with its page's path and depth) and the
    paths of the alias pages, read once per publication instead of once per ``.public()``."""
    return published("restrictions", _restrictions)


def public(queryset):
    """``queryset.public()``, the restrictions read from ``view_restrictions()``: the same
    condition as Wagtail's ``PageQuerySet.private_q``, without its query."""
    private = Q()
    for restriction in view_restrictions()[0]:
        private |= Q(path__startswith=restriction.page.path) & Q(depth__gte=restriction.page.depth)
    return queryset.exclude(private if private else Q(pk__in=[]))


def connect_signals():
    from django.db.models.signals import post_delete, post_save
    from wagtail.images import get_image_model
    from wagtail.models import Page, PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from home.models import PublicSiteSettings

    page_published.connect(purge, dispatch_uid="home-pagecache-published")
    page_unpublished.connect(purge, dispatch_uid="home-pagecache-unpublished")
    post_page_move.connect(purge, dispatch_uid="home-pagecache-moved")
    post_delete.connect(_purge_on_page_delete, dispatch_uid="home-pagecache-deleted")
    post_save.connect(_purge_unless_created, sender=PublicSiteSettings, dispatch_uid="home-pagecache-settings")
    # A page newly restricted leaves the listings; an edited image (its file, its focal point) has
    # other renditions; an alias takes its source's restrictions (CachedPageMixin).
    post_save.connect(purge, sender=PageViewRestriction, dispatch_uid="home-pagecache-restriction")
    post_delete.connect(purge, sender=PageViewRestriction, dispatch_uid="home-pagecache-restriction-deleted")
    post_save.connect(_purge_unless_created, sender=get_image_model(), dispatch_uid="home-pagecache-image")
    post_delete.connect(purge, sender=get_image_model(), dispatch_uid="home-pagecache-image-deleted")
    post_save.connect(_purge_on_alias, dispatch_uid="home-pagecache-alias")
    del Page


def _purge_unless_created(sender, instance, created, **kwargs):
    # The first page view creates the (empty) settings; a new image is on no page yet.
    if not created:
        purge()


def _purge_on_alias(sender, instance, **kwargs):
    if getattr(instance, "alias_of_id", None):
        from wagtail.models import Page

        if isinstance(instance, Page):
            purge()


def _purge_on_page_delete(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        purge()
