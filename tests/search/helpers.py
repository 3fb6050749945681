from types import SimpleNamespace

from django.contrib.auth.models import AnonymousUser

from search import selectors


def run(user, q, **filters):
    """Search as ``user``: the hits of the first page, the total and the facets."""
    user = user or AnonymousUser()
    params = selectors.Params(q=q, **filters)
    results = selectors.search(user, params)
    hits = selectors.visible_hits(user, results.load_all()[:100], q)
    return SimpleNamespace(
        hits=hits,
        titles={h.title for h in hits},
        kinds=sorted(h.kind for h in hits),
        count=results.count(),
        facets=results.facet_counts(),
        choices=selectors.facet_choices(user, results.facet_counts()),
    )
