"""The search page. Public content for everyone; workspace modules add their own indexes."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from search.selectors import search_public


def search_view(request):
    query = request.GET.get("q", "").strip()[:200]
    page_obj, error = None, None
    if query:
        try:
            results = search_public(query)
            page_obj = Paginator(results, 20).get_page(request.GET.get("page"))
        except Exception:  # noqa: BLE001 - a missing or locked index must never be a 500
            error = _("Search is unavailable for a moment. Please try again shortly.")
    return render(request, "search/search.html", {"query": query, "page_obj": page_obj, "error": error})
