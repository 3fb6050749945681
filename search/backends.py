"""The Whoosh backend of the embedded default, with French text analysis.

haystack's Whoosh backend analyses every text field with an English stemmer and leaves accents
as they are. French users type "epm" for "ÉPM" and "ateliers" for "atelier": here every text
field folds accents first (so that a word typed with or without them gives the same token),
drops the French stop words, then applies Whoosh's French Snowball stemmer. The autocomplete
(edge n-gram) fields fold accents too. The same analyzer highlights the snippets.

Writes wait for Whoosh's lock (a few seconds) instead of failing or losing updates in a
background thread, and a search on an index that was never built raises ``SearchUnavailable``
(the page then says so) rather than silently creating an empty index.
"""

from django.utils.encoding import force_str
from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend, WhooshSearchQuery
from haystack.constants import DJANGO_CT, ID
from haystack.exceptions import SearchBackendError, SkipDocument
from haystack.fields import FacetField
from haystack.utils import get_identifier, get_model_ct
from whoosh import index as whoosh_index
from whoosh.analysis import CharsetFilter, LowercaseFilter, NgramFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import ID as WHOOSH_ID
from whoosh.fields import NGRAMWORDS, TEXT
from whoosh.lang import stopwords_for_language
from whoosh.query import And, NullQuery, Or, Term
from whoosh.sorting import Count, FieldFacet
from whoosh.support.charset import accent_map

from core.text import fold

WRITE_LOCK_TIMEOUT = 20.0  # seconds a writer waits for another one to finish


class SearchUnavailable(Exception):
    """The index is missing (never built, or being rebuilt) or cannot be read."""


# Whoosh's French list misses a few of the most frequent words.
EXTRA_STOP_WORDS = {"le", "les", "la", "l", "d", "un", "une", "des", "du", "de", "au", "aux", "qu", "c", "s", "n", "j"}
FRENCH_STOP_WORDS = frozenset(fold(w) for w in set(stopwords_for_language("fr")) | EXTRA_STOP_WORDS)


def french_analyzer():
    """Words, lower-cased, accents folded, French stop words dropped, stemmed (Snowball)."""
    return (
        RegexTokenizer()
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(stoplist=FRENCH_STOP_WORDS, minsize=2)
        | StemFilter(lang="fr")
    )


def autocomplete_analyzer():
    """Beginnings of words (2 to 20 letters), lower-cased, accents folded."""
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map) | NgramFilter(2, 20, at="start")


class FrenchWhooshSearchBackend(WhooshSearchBackend):
    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        # Spelling suggestions come from every indexed word, whoever may read it: never.
        self.include_spelling = False

    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        for field_class in fields.values():
            name = field_class.index_fieldname
            if isinstance(field_class, FacetField):
                # Facets and exact filters: the value as it is, one term.
                schema.remove(name)
                schema.add(name, WHOOSH_ID(stored=True, sortable=True))
            elif field_class.field_type == "edge_ngram":
                schema.remove(name)
                ngram = NGRAMWORDS(minsize=2, maxsize=20, at="start", stored=field_class.stored)
                ngram.analyzer = autocomplete_analyzer()
                schema.add(name, ngram)
            elif isinstance(schema[name], TEXT):
                schema.remove(name)
                schema.add(
                    name,
                    TEXT(
                        stored=True,  # for the highlighted snippets
                        analyzer=french_analyzer(),
                        field_boost=field_class.boost,
                        # Sorting is by relevance or date; never on a long text (a costly column).
                        sortable=field_class.document is not True,
                    ),
                )
        return content_field_name, schema

    def index_exists(self) -> bool:
        return not self.use_file_storage or whoosh_index.exists_in(self.path)

    def search(self, query_string, **kwargs):
        if not self.index_exists():
            raise SearchUnavailable("the search index has not been built")
        try:
            return self._search(query_string, **kwargs)
        except SearchUnavailable:
            raise
        except (OSError, whoosh_index.IndexError) as exc:
            raise SearchUnavailable(str(exc)) from exc

    def _search(
        self,
        query_string,
        sort_by=None,
        start_offset=0,
        end_offset=None,
        facets=None,
        narrow_queries=None,
        models=None,
        result_class=None,
        **kwargs,
    ):
        """haystack's Whoosh search, but the narrow queries (the access tokens, the models) are
        one Whoosh filter: a set of documents, never scored nor sorted. haystack runs each of
        them as a full search of every matching document, which made a member's query cost
        as much as reading the whole index."""
        if not self.setup_complete:
            self.setup()
        query_string = force_str(query_string)
        if not query_string or (len(query_string) <= 1 and query_string != "*"):
            return {"results": [], "hits": 0}
        reverse = False
        if sort_by:
            fields = [field.lstrip("-") for field in sort_by]
            reverse = sort_by[0].startswith("-")
            if any(field.startswith("-") != reverse for field in sort_by):
                raise SearchBackendError("Whoosh requires all order_by fields to use the same sort direction")
            sort_by = fields
        group_by = [FieldFacet(facet, allow_overlap=True, maptype=Count) for facet in facets or []]
        filters = [self.parser.parse(force_str(nq)) for nq in narrow_queries or []]
        if models:
            filters.append(Or([Term(DJANGO_CT, get_model_ct(model)) for model in models]))
        self.index = self.index.refresh()
        if not self.index.doc_count():
            return {"results": [], "hits": 0, "spelling_suggestion": None}
        parsed = self.parser.parse(query_string)
        if parsed is None or parsed is NullQuery:
            return {"results": [], "hits": 0}
        page_num, page_length = self.calculate_page(start_offset, end_offset)
        with self.index.searcher() as searcher:
            search_kwargs = {"pagelen": page_length, "sortedby": sort_by, "reverse": reverse, "groupedby": group_by}
            if filters:
                search_kwargs["filter"] = And(filters) if len(filters) > 1 else filters[0]
            try:
                raw_page = searcher.search_page(parsed, page_num, **search_kwargs)
            except ValueError:
                return {"results": [], "hits": 0, "spelling_suggestion": None}
            if raw_page.pagenum < page_num:
                return {"results": [], "hits": 0, "spelling_suggestion": None}
            return self._process_results(
                raw_page,
                query_string=query_string,
                result_class=result_class,
                facet_types=dict.fromkeys(facets or [], "fields"),
            )

    def _writer(self):
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        return self.index.writer(timeout=WRITE_LOCK_TIMEOUT)

    def update(self, index, iterable, commit=True):
        """Like haystack's, but in one writer that waits for the lock (no lost updates)."""
        iterable = list(iterable)
        if not iterable:
            return
        writer = self._writer()
        try:
            for obj in iterable:
                try:
                    doc = index.full_prepare(obj)
                except SkipDocument:
                    continue
                except Exception:  # noqa: BLE001 - one bad object must not stop the others
                    self.log.exception("Could not prepare %s for the index", get_identifier(obj))
                    continue
                for key in doc:
                    doc[key] = self._from_python(doc[key])
                doc.pop("boost", None)
                writer.update_document(**doc)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def remove(self, obj_or_string, commit=True):
        self.remove_many([get_identifier(obj_or_string)])

    def remove_many(self, identifiers):
        identifiers = [force_str(i) for i in identifiers]
        if not identifiers:
            return
        writer = self._writer()
        try:
            for identifier in identifiers:
                writer.delete_by_term(ID, identifier)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()


class FrenchWhooshSearchQuery(WhooshSearchQuery):
    """Exact filters on the facet fields (kind, space, territory) are Whoosh terms ('value'):
    haystack quotes them as phrases, which an untokenised field cannot match when the value
    has a hyphen (a territory's slug)."""

    def build_query_fragment(self, field, filter_type, value):
        from haystack import connections

        fields = connections[self._using].get_unified_index().all_searchfields()
        if filter_type in ("exact", "in") and isinstance(fields.get(field), FacetField):
            values = value if filter_type == "in" else [value]
            name = fields[field].index_fieldname
            terms = [f"{name}:'{force_str(v).replace(chr(39), '')}'" for v in values]
            return f"({' OR '.join(terms)})" if terms else ""
        return super().build_query_fragment(field, filter_type, value)


class FrenchWhooshEngine(WhooshEngine):
    backend = FrenchWhooshSearchBackend
    query = FrenchWhooshSearchQuery
