"""The search page and the autocomplete of the header box. Public content for everyone; for a
member, also the workspace content the permission policy lets them read (search/selectors.py)."""

import logging

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from search import selectors

log = logging.getLogger(__name__)


def _unavailable():
    return _("Search is unavailable for a moment (the index is being built or is busy). Please try again shortly.")


@require_GET
@never_cache
def search_view(request):
    params = selectors.Params.from_query(request.GET)
    context = {"query": params.q, "params": params, "kinds": selectors.kinds(), "sorts": selectors.SORTS}
    if params.q:
        try:
            results = selectors.search(request.user, params)
            page_obj = Paginator(results.load_all(), selectors.PAGE_SIZE).get_page(request.GET.get("page"))
            context["hits"] = selectors.visible_hits(request.user, page_obj.object_list, params.q)
            context["page_obj"] = page_obj
            context["facets"] = selectors.facet_choices(request.user, results.facet_counts())
        except Exception:  # noqa: BLE001 - a missing, locked or broken index is never a 500
            log.exception("search failed")
            context["error"] = _unavailable()
        base = request.GET.copy()
        base.pop("page", None)
        base.pop("type", None)
        context["without_type"] = base.urlencode()
    return render(request, "search/search.html", context)


@require_GET
@never_cache
def autocomplete_view(request):
    """JSON for the header box: {"results": [{"label", "kind", "url"}]}."""
    try:
        results = selectors.autocomplete(request.user, request.GET.get("q", ""))
    except Exception:  # noqa: BLE001 - the box then simply suggests nothing
        log.exception("autocomplete failed")
        return JsonResponse({"results": [], "error": _unavailable()}, status=503)
    return JsonResponse({"results": results})
