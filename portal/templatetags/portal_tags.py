from django import template
from django.http import QueryDict
from wagtail.models import Site

from home.cache import published

register = template.Library()


class MenuItem:
    """What the menu needs of a page (kept in the cache, unlike a page object)."""

    def __init__(self, page, request):
        self.pk, self.path, self.title, self.url = page.pk, page.path, page.title, page.get_url(request)


@register.inclusion_tag("portal/includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The main menu, from the page tree: the live children of the home page shown in menus."""
    request = context.get("request")
    current = context.get("page")

    def compute():
        site = Site.find_for_request(request) if request else None
        if site is None:
            return []
        children = site.root_page.get_children().live().public().in_menu()
        return [MenuItem(page, request) for page in children]

    items = published("menu", compute, request=request) if request is not None else []
    return {"items": items, "current": current, "page": current, "request": request}  # page: for is_active


@register.simple_tag(takes_context=True)
def is_active(context, page):
    current = context.get("page")
    if current is None:
        return False
    return current.pk == page.pk or current.path.startswith(page.path)


@register.inclusion_tag("portal/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    ancestors = []
    if page is not None and page.depth > 2:
        ancestors = list(page.get_ancestors().filter(depth__gte=2).specific(defer=True))
    return {"ancestors": ancestors, "page": page}


@register.inclusion_tag("portal/includes/feed_links.html", takes_context=True)
def feed_links(context):
    """<link>s to the news feeds (RSS 2.0 and Atom), in the head of every page."""
    from home.models import NewsIndexPage

    request = context.get("request")

    def compute():
        news_index = NewsIndexPage.objects.live().public().first()
        return (news_index.get_url(request), news_index.title) if news_index else (None, "")

    url, title = published("feeds", compute, request=request) if request is not None else (None, "")
    return {"news_url": url, "title": title}


@register.inclusion_tag("portal/includes/open_graph.html", takes_context=True)
def open_graph_tags(context):
    """Open Graph tags of a page: title, description, address and, when it has one, its image."""
    request = context.get("request")
    page = context.get("page")
    image = getattr(page, "image", None)
    return {
        "page": page,
        "SITE_NAME": context.get("SITE_NAME"),
        "url": page.get_full_url(request) if page is not None else "",
        "image": image if image is not None and hasattr(image, "get_rendition") else None,
        "request": request,
    }


def _query_with(request, **changes) -> str:
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters changed (for filters and pagination)."""
    return _query_with(context.get("request"), **changes)


@register.simple_tag(takes_context=True)
def page_links(context, items, on_each_side=1, on_ends=1):
    """The links of portal/includes/pagination.html for the page ``items`` of a paginator:
    previous, next, and the page numbers around the current one (``None`` for a gap). Each keeps
    the current query string, the filters of a list, changing only ``page`` (absent on page 1)."""
    request = context.get("request")

    def url(number):
        return _query_with(request, page=number if number > 1 else None)

    pages = [
        {"gap": True}
        if number == items.paginator.ELLIPSIS
        else {"number": number, "url": url(number), "current": number == items.number}
        for number in items.paginator.get_elided_page_range(items.number, on_each_side=on_each_side, on_ends=on_ends)
    ]
    return {
        "previous": url(items.previous_page_number()) if items.has_previous() else "",
        "next": url(items.next_page_number()) if items.has_next() else "",
        "pages": pages,
    }


FOOTER_FIELDS = ("footer_text", "contact_name", "contact_address", "contact_phone", "contact_email")


@register.simple_tag(takes_context=True)
def footer_settings(context):
    """The footer's text and contact details (the officer's site settings), read once per
    publication like the menu: every page shows them, and saving the settings moves the version."""
    from home.models import PublicSiteSettings

    request = context.get("request")

    def compute():
        site = Site.find_for_request(request)
        if site is None:
            return {}
        values = PublicSiteSettings.for_site(site)
        return {name: getattr(values, name) for name in FOOTER_FIELDS}

    return published("footer", compute, request=request) if request is not None else {}
