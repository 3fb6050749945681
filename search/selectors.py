"""Reads of the search index."""

from haystack.query import SearchQuerySet


def search_public(query: str):
    """Public results only: content anyone may read."""
    return SearchQuerySet().filter(public=True).auto_query(query)
