"""The public site's own pages that are not Wagtail pages."""

from django.shortcuts import render
from wagtail.models import Page, Site

SECTION_ITEMS = 12  # the latest items of a long section; its page lists the rest


def site_map(request):
    """The site map for people (sitemap.xml is for search engines): each section of the home
    page with its latest pages, in two queries whatever the size of the site."""
    site = Site.find_for_request(request)
    home = site.root_page if site else Page.objects.filter(depth=2).first()
    sections = []
    if home is not None:
        by_section = {}
        for section in home.get_children().live().public().in_menu().order_by("path"):
            by_section[section.path] = {"page": section, "items": [], "more": 0}
        items = (
            Page.objects.descendant_of(home)
            .filter(depth=home.depth + 2)
            .live()
            .public()
            .only("title", "url_path", "path", "depth", "first_published_at")
            .order_by("-first_published_at", "path")
        )
        for item in items:
            entry = by_section.get(item.path[: -Page.steplen])
            if entry is None:
                continue
            if len(entry["items"]) < SECTION_ITEMS:
                entry["items"].append(item)
            else:
                entry["more"] += 1
        sections = list(by_section.values())
    return render(request, "home/site_map.html", {"home": home, "sections": sections})
