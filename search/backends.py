"""The Whoosh backend of the embedded default, with French text analysis.

haystack's Whoosh backend analyses every text field with an English stemmer and leaves accents
as they are. French users type "epm" for "ÉPM" and "ateliers" for "atelier": here every text
field folds accents first (so that a word typed with or without them gives the same token),
drops the French stop words, then applies Whoosh's French Snowball stemmer. The autocomplete
(edge n-gram) fields fold accents too. The same analyzer highlights the snippets.

Searches are fast on a large index (tens of thousands of documents, see bench/search.py): each
thread keeps its searcher open while the index has not changed (a new commit, by any process, is
seen by the next search); the access filter is a set of documents per segment, cached per set of
tokens, that the query's matcher is intersected with (the words are only matched and scored in
documents the user may read); the facets read each segment's values once, not at every search.

Writes wait for Whoosh's lock (a few seconds) instead of failing or losing updates in a
background thread, and a search on an index that was never built raises ``SearchUnavailable``
(the page then says so) rather than silently creating an empty index.
"""

import os
import threading
from array import array
from bisect import bisect_left
from collections import OrderedDict

from django.utils.encoding import force_str
from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend, WhooshSearchQuery
from haystack.constants import DJANGO_CT, ID
from haystack.exceptions import SearchBackendError, SkipDocument
from haystack.fields import FacetField
from haystack.utils import get_identifier, get_model_ct
from whoosh import index as whoosh_index
from whoosh.analysis import CharsetFilter, LowercaseFilter, NgramFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.fields import ID as WHOOSH_ID
from whoosh.fields import NGRAMWORDS, TEXT
from whoosh.lang import stopwords_for_language
from whoosh.matching import IntersectionMatcher, ListMatcher, NullMatcher, ReadTooFar
from whoosh.query import And, NullQuery, Or, Term
from whoosh.query.wrappers import WrappingQuery
from whoosh.sorting import Count, FieldFacet, OverlappingCategorizer
from whoosh.support.charset import accent_map

from core.text import fold

WRITE_LOCK_TIMEOUT = 20.0  # seconds a writer waits for another one to finish
WRITER_LIMITMB = 128  # memory a writer fills before it sorts a run to disk (Whoosh's default: 128)


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


# --- fast reads: a searcher kept open, per-segment caches ---------------------------------

_SEGMENT_CACHE_SIZE = 256  # (segment, access filter) sets and (segment, facet) value lists
_segment_cache: OrderedDict = OrderedDict()
_segment_cache_lock = threading.Lock()


def _cached(key, compute):
    """A value computed once per key (segments never change but for deletions, which the
    matcher skips anyway); the least recently used are dropped."""
    with _segment_cache_lock:
        if key in _segment_cache:
            _segment_cache.move_to_end(key)
            return _segment_cache[key]
    value = compute()
    with _segment_cache_lock:
        _segment_cache[key] = value
        while len(_segment_cache) > _SEGMENT_CACHE_SIZE:
            _segment_cache.popitem(last=False)
    return value


def _segment_key(searcher):
    reader = searcher.reader()
    segment = reader.segment() if hasattr(reader, "segment") else None
    if segment is None:
        return None
    return (getattr(reader, "_storage", None) and getattr(reader._storage, "folder", None), segment.segment_id())


class _DocSetMatcher(ListMatcher):
    """The documents of a sorted array, scoring nothing (0.0: the scores of the query it is
    intersected with stay exactly what they are), skipping by bisection."""

    def skip_to(self, id):
        if id > self._ids[self._i]:
            self._i = bisect_left(self._ids, id, self._i)

    def score(self):
        return 0.0

    def supports_block_quality(self):
        return False

    def copy(self):
        return self.__class__(self._ids, position=self._i)


class AllowedQuery(WrappingQuery):
    """``child``, matched only in the documents of ``allowed`` (a query: the access filter).

    The documents of ``allowed`` are read once per segment and kept (``_cached``); the child's
    matcher is intersected with them, so a member's search only matches and scores the words in
    what they may read, and the scores are the child's own (same results, same order)."""

    def __init__(self, child, allowed):
        super().__init__(child)
        self.allowed = allowed

    def __repr__(self):
        return f"{self.__class__.__name__}({self.child!r}, {self.allowed!r})"

    def __eq__(self, other):
        return type(other) is type(self) and other.child == self.child and other.allowed == self.allowed

    def __hash__(self):
        return hash((self.__class__.__name__, self.child, self.allowed))

    def _rewrap(self, child):
        return self.__class__(child, self.allowed)

    def allowed_ids(self, searcher):
        def compute():
            return array("i", sorted(self.allowed.docs(searcher)))

        key = _segment_key(searcher)
        return compute() if key is None else _cached((*key, "allowed", self.allowed), compute)

    def matcher(self, searcher, context=None):
        ids = self.allowed_ids(searcher)
        if not ids:
            return NullMatcher()
        child = self.child.matcher(searcher, context)
        if not child.is_active():
            return NullMatcher()
        # The allowed documents lead: the words' posting lists are skipped to them (by bisection
        # within a block, ``_leaf_skip_to``), not read one posting at a time. The score is the
        # child's (0.0 + score).
        return IntersectionMatcher(_DocSetMatcher(ids), child)


class _CachedOverlappingCategorizer(OverlappingCategorizer):
    """Whoosh's categorizer for a field without a list column reads every value of the field
    for every document at each search; here once per segment."""

    def set_searcher(self, segment_searcher, docoffset):
        if self._use_vectors or self._use_column:
            return super().set_searcher(segment_searcher, docoffset)
        self._segment_searcher = segment_searcher
        fieldname = self._fieldname

        def compute():
            reader = segment_searcher.reader()
            field = segment_searcher.schema[fieldname]
            lists = [None] * segment_searcher.doc_count_all()
            for btext in field.sortable_terms(reader, fieldname):
                text = field.from_bytes(btext)
                for docid in reader.postings(fieldname, btext).all_ids():
                    lists[docid] = (*lists[docid], text) if lists[docid] else (text,)
            return lists

        key = _segment_key(segment_searcher)
        self._lists = compute() if key is None else _cached((*key, "facet", fieldname), compute)

    def keys_for(self, matcher, docid):
        if self._use_vectors or self._use_column:
            return super().keys_for(matcher, docid)
        return self._lists[docid] or [None]


class CachedFieldFacet(FieldFacet):
    def categorizer(self, global_searcher):
        if self.allow_overlap:
            return _CachedOverlappingCategorizer(global_searcher, self.fieldname)
        return super().categorizer(global_searcher)


def _leaf_skip_to(self, targetid):
    """Whoosh's skip_to of a posting list, but within a block by bisection rather than one
    posting at a time (the same position: the first id at or after ``targetid``). Matching the
    words of a query inside the access filter is mostly such skips."""
    if not self.is_active():
        raise ReadTooFar
    if targetid <= self.id():
        return
    block_max_id = self.block_max_id
    if targetid > block_max_id():
        self._skip_to_block(lambda: targetid > block_max_id())
        if not self.is_active():
            return
        if self._ids is None:
            self._read_ids()
    self._i = bisect_left(self._ids, targetid, self._i)
    if self._i >= self._blocklength:  # not expected: the block's max id is >= targetid
        self._i = self._blocklength - 1
        self.next()


W3LeafMatcher.skip_to = _leaf_skip_to

_searchers = threading.local()


def _index_version(path):
    """What changes at each commit of the index in ``path`` (its latest table of contents)."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import _DEF_INDEX_NAME, TOC

    storage = FileStorage(path)
    generation = TOC._latest_generation(storage, _DEF_INDEX_NAME)
    try:
        stat = os.stat(os.path.join(path, TOC._filename(_DEF_INDEX_NAME, generation)))
    except OSError:
        return (generation, None)
    return (generation, stat.st_ino, stat.st_mtime_ns, stat.st_size)


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
        one set of documents per segment, never scored nor sorted, cached per set of tokens
        (``AllowedQuery``); haystack runs each of them as a full search of every matching
        document, which made a member's query cost as much as reading the whole index. The
        searcher is the thread's, kept while the index has not changed (``_searcher``), and the
        facets read each segment's values once (``CachedFieldFacet``)."""
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
        group_by = [CachedFieldFacet(facet, allow_overlap=True, maptype=Count) for facet in facets or []]
        filters = [self.parser.parse(force_str(nq)) for nq in narrow_queries or []]
        if models:
            filters.append(Or([Term(DJANGO_CT, get_model_ct(model)) for model in models]))
        parsed = self.parser.parse(query_string)
        if parsed is None or parsed is NullQuery:
            return {"results": [], "hits": 0}
        if filters:
            parsed = AllowedQuery(parsed, And(filters) if len(filters) > 1 else filters[0])
        page_num, page_length = self.calculate_page(start_offset, end_offset)
        searcher, close = self._searcher()
        try:
            if not searcher.doc_count():
                return {"results": [], "hits": 0, "spelling_suggestion": None}
            search_kwargs = {"pagelen": page_length, "sortedby": sort_by, "reverse": reverse, "groupedby": group_by}
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
        finally:
            if close:
                searcher.close()

    def _searcher(self):
        """(searcher, whether to close it after the search): the thread's searcher of this
        index, kept open while no commit has changed the index (``_index_version``)."""
        if not self.use_file_storage:
            self.index = self.index.refresh()
            return self.index.searcher(), True
        cache = _searchers.__dict__.setdefault("by_path", OrderedDict())
        version = _index_version(self.path)
        cached = cache.get(self.path)
        if cached is not None and cached[0] == version:
            cache.move_to_end(self.path)
            return cached[1], False
        self.index = self.storage.open_index(schema=self.schema)
        searcher = self.index.searcher()
        cache[self.path] = (version, searcher)
        cache.move_to_end(self.path)
        if cached is not None:
            cached[1].close()
        while len(cache) > 4:  # the indexes of tests, each in its own directory
            cache.popitem(last=False)[1][1].close()
        return searcher, False

    def _writer(self):
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        return self.index.writer(timeout=WRITE_LOCK_TIMEOUT, limitmb=WRITER_LIMITMB)

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
