"""Search at scale: index 20,000 generated documents, run 1,000 queries.

Prints the indexing time, the query latency (p50/p95) and the index size of the site's search
(haystack + Whoosh with the French analyzer, each query narrowed to a member's access tokens,
with the kind/territory/space facets the page asks for), then the same queries through
PostgreSQL full-text search (``french`` configuration, GIN index) on the same data as a
reference, and the ratio. The PostgreSQL part is skipped, with a message, when no server
answers; it uses its own database, ``maillage_bench`` (created if missing), never ``maillage``.

Run: .venv/bin/python bench/search.py [--docs 20000] [--queries 1000] [--batch 0]
     [--pg postgres://postgres@127.0.0.1:5432/maillage_bench]

Indexing writes each kind of document in one Whoosh writer (one commit, no merge of the
segments of many small commits); ``--batch 1000`` commits every 1,000 documents instead, as
haystack's ``rebuild_index`` does by default. The first query (the searcher opened, the access
filter and the facet values read once per segment) is reported apart from the others: the site
keeps its searcher and these per-segment caches until the index changes.

The documents are made in memory (unsaved notes of 60 working groups and unsaved places of the
directory, prepared by the real search indexes), so no database is needed for the Whoosh part.
"""

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")
os.environ.setdefault("MAILLAGE_VAR_DIR", "/tmp/bench-search")
INDEX_DIR = Path(tempfile.mkdtemp(prefix="bench-search-whoosh-"))
os.environ["WHOOSH_PATH"] = str(INDEX_DIR)
os.environ.pop("SEARCH_URL", None)
django.setup()

import datetime  # noqa: E402

from django.utils import timezone  # noqa: E402
from haystack import connections  # noqa: E402
from haystack.query import SearchQuerySet  # noqa: E402

from directory import vocabularies as voc  # noqa: E402
from directory.models import PlacePage, Territory  # noqa: E402
from workspace.notes.models import Note  # noqa: E402

PG_DB = "maillage_bench"
SPACES = 60
WORDS = (
    "atelier ateliers numérique numériques démarche démarches administrative administratives accompagnement "
    "inclusion médiation médiateur médiatrices ordinateur ordinateurs tablette tablettes smartphone internet "
    "courriel messagerie sécurité mot passe identité France Connect impôts retraite santé Ameli CAF emploi "
    "candidature curriculum vitae formation formations bibliothèque médiathèque jeunesse seniors familles "
    "parentalité réseau réseaux social sociaux photo photographie vidéo montage impression imprimante "
    "scanner logiciel logiciels libre bureautique traitement texte tableur diaporama cybersécurité "
    "arnaque hameçonnage sauvegarde cloud stockage partage agenda calendrier réunion visioconférence "
    "permanence accueil rendez-vous itinérant bus village commune territoire Cahors Figeac Gramat Souillac "
    "Gourdon Lacapelle Saint-Céré Puy-l'Évêque Labastide Causse Vallée Quercy compost jardin solidaire "
    "matériel reconditionné prêt don bénévole bénévoles animation animateur animatrice projet projets bilan "
    "évaluation statistiques fréquentation public publics usagers habitants école collège lycée mairie"
).split()
COMMUNES = ["Cahors", "Figeac", "Gramat", "Souillac", "Gourdon", "Saint-Céré", "Lalbenque", "Martel", "Luzech"]


def fold(word):
    from whoosh.support.charset import accent_map

    return word.translate(accent_map)


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def make_documents(n, rng):
    """90 % notes of working groups, 10 % public places, as unsaved model instances."""
    now = timezone.now()
    territories = [Territory(pk=i + 1, slug=f"territoire-{i + 1}", name=f"Territoire {i + 1}") for i in range(9)]
    docs = []
    for i in range(n):
        if i % 10 == 9:
            territory = rng.choice(territories)
            docs.append(
                PlacePage(
                    id=i + 1,  # an id: Wagtail then does not look its content type up
                    page_ptr_id=i + 1,
                    title=f"Espace numérique {rng.choice(COMMUNES)} {i}",
                    commune=rng.choice(COMMUNES),
                    territory=territory,
                    summary=sentence(rng, 12),
                    description=sentence(rng, 40),
                    services=rng.sample(voc.SERVICES, 3),
                    publics=rng.sample(voc.PUBLICS, 2),
                    last_published_at=now,
                )
            )
        else:
            docs.append(
                Note(
                    pk=i + 1,
                    space_id=rng.randint(1, SPACES),
                    title=sentence(rng, 4).capitalize(),
                    body=f"<p>{sentence(rng, rng.randint(30, 120))}</p>",
                    updated_at=now - datetime.timedelta(days=rng.randint(0, 700)),
                )
            )
    return docs


def make_queries(n, rng):
    queries = []
    for _ in range(n):
        words = [rng.choice(WORDS) for _ in range(rng.choice([1, 1, 2, 2, 3]))]
        if rng.random() < 0.3:
            words = [fold(w) for w in words]  # typed without accents
        queries.append(" ".join(words))
    return queries


def member_tokens(rng):
    """A member of 4 groups (their notes module on) and the network: what the page narrows to."""
    spaces = rng.sample(range(1, SPACES + 1), 4)
    return ["public", "members", *(f"sp{s}" for s in spaces), *(f"sp{s}mnotes" for s in spaces)], spaces


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def dir_size(path):
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


def bench_whoosh(docs, queries, tokens, facets=True, batch=0):
    connections["default"].get_backend().clear()
    unified = connections["default"].get_unified_index()
    backend = connections["default"].get_backend()
    by_model = {}
    for doc in docs:
        by_model.setdefault(type(doc), []).append(doc)
    start = time.perf_counter()
    for model, objects in by_model.items():
        index = unified.get_index(model)
        step = batch or len(objects)  # 0: one writer, one commit per kind of document
        for i in range(0, len(objects), step):
            backend.update(index, objects[i : i + step])
    indexing = time.perf_counter() - start
    narrow = f"access:({' OR '.join(tokens)})"
    timings, totals = [], []
    first = None
    for query in [queries[0], *queries]:
        start = time.perf_counter()
        sqs = SearchQuerySet().narrow(narrow).auto_query(query)
        if facets:
            sqs = sqs.facet("kind").facet("territory").facet("space")
        page = list(sqs[:20])
        total = sqs.count()
        if facets:
            sqs.facet_counts()
        if first is None:
            first = time.perf_counter() - start
            continue
        timings.append(time.perf_counter() - start)
        totals.append(total)
        assert len(page) <= 20
    return {
        "indexing": indexing,
        "timings": timings,
        "totals": totals,
        "size": dir_size(INDEX_DIR),
        "first": first,
    }


def pg_connect(url):
    import psycopg

    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=3) as admin:
            if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_DB]).fetchone():
                admin.execute(f'CREATE DATABASE "{PG_DB}"')
        return psycopg.connect(url, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL not reachable ({exc.__class__.__name__}: {str(exc).strip()[:120]}): reference skipped.")
        return None


def bench_postgres(conn, docs, queries, spaces):
    conn.execute("DROP TABLE IF EXISTS bench_search_doc")
    conn.execute(
        "CREATE TABLE bench_search_doc (id bigint PRIMARY KEY, kind text, space_id int, public boolean, "
        "title text, body text, date timestamptz, document tsvector)"
    )
    rows = []
    for doc in docs:
        if isinstance(doc, Note):
            rows.append((doc.pk, "note", doc.space_id, False, doc.title, doc.body, doc.updated_at))
        else:
            text = " ".join([doc.commune, doc.summary, doc.description, *doc.services, *doc.publics])
            rows.append((doc.pk, "place", None, True, doc.title, text, doc.last_published_at))
    start = time.perf_counter()
    with conn.cursor() as cur:
        with cur.copy("COPY bench_search_doc (id, kind, space_id, public, title, body, date) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cur.execute(
            "UPDATE bench_search_doc SET document = "
            "setweight(to_tsvector('french', title), 'A') || to_tsvector('french', body)"
        )
        cur.execute("CREATE INDEX bench_search_doc_fts ON bench_search_doc USING gin (document)")
        cur.execute("CREATE INDEX bench_search_doc_space ON bench_search_doc (space_id)")
        cur.execute("ANALYZE bench_search_doc")
    indexing = time.perf_counter() - start
    sql_page = (
        "SELECT id, title, ts_rank(document, q) AS rank FROM bench_search_doc, plainto_tsquery('french', %s) q "
        "WHERE document @@ q AND (public OR space_id = ANY(%s)) ORDER BY rank DESC LIMIT 20"
    )
    sql_count = (
        "SELECT kind, count(*) FROM bench_search_doc, plainto_tsquery('french', %s) q "
        "WHERE document @@ q AND (public OR space_id = ANY(%s)) GROUP BY kind"
    )
    timings, totals = [], []
    with conn.cursor() as cur:
        for query in queries:
            start = time.perf_counter()
            cur.execute(sql_page, [query, spaces])
            cur.fetchall()
            cur.execute(sql_count, [query, spaces])
            totals.append(sum(count for _, count in cur.fetchall()))
            timings.append(time.perf_counter() - start)
    size = conn.execute("SELECT pg_total_relation_size('bench_search_doc')").fetchone()[0]
    conn.execute("DROP TABLE bench_search_doc")
    return {"indexing": indexing, "timings": timings, "totals": totals, "size": size}


def report(name, result):
    t = result["timings"]
    print(
        f"{name:<28} indexing {result['indexing']:7.2f} s   query p50 {percentile(t, 50) * 1000:7.1f} ms   "
        f"p95 {percentile(t, 95) * 1000:7.1f} ms   mean hits {statistics.mean(result['totals']):7.1f}   "
        f"size {result['size'] / 1024 / 1024:6.1f} MiB"
        + (f"   first query {result['first'] * 1000:.0f} ms" if result.get("first") is not None else "")
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument(
        "--batch", type=int, default=0, help="Whoosh: commit every N documents (0: one writer per kind)"
    )
    parser.add_argument("--no-facets", action="store_true", help="Whoosh queries without the page's facets")
    parser.add_argument("--pg", default=os.environ.get("BENCH_PG_URL", f"postgres://postgres@127.0.0.1:5432/{PG_DB}"))
    args = parser.parse_args()
    if args.pg.rstrip("/").rsplit("/", 1)[-1] != PG_DB:
        sys.exit(f"The reference uses the database {PG_DB} only.")
    rng = random.Random(2026)
    docs = make_documents(args.docs, rng)
    queries = make_queries(args.queries, rng)
    tokens, spaces = member_tokens(rng)
    print(
        f"{args.docs} documents ({sum(isinstance(d, Note) for d in docs)} notes of {SPACES} groups, "
        f"{sum(isinstance(d, PlacePage) for d in docs)} places), {args.queries} queries as a member of 4 groups"
    )
    try:
        whoosh = bench_whoosh(docs, queries, tokens, facets=not args.no_facets, batch=args.batch)
    finally:
        shutil.rmtree(INDEX_DIR, ignore_errors=True)
    report("haystack + Whoosh (French)" + (", no facets" if args.no_facets else ""), whoosh)
    conn = pg_connect(args.pg)
    if conn is None:
        return
    with conn:
        pg = bench_postgres(conn, docs, queries, spaces)
    report("PostgreSQL FTS (reference)", pg)
    ratio = lambda key, p: percentile(whoosh[key], p) / max(percentile(pg[key], p), 1e-9)  # noqa: E731
    print(
        f"ratio Whoosh / PostgreSQL: indexing {whoosh['indexing'] / pg['indexing']:.1f}x, "
        f"query p50 {ratio('timings', 50):.1f}x, p95 {ratio('timings', 95):.1f}x, "
        f"size {whoosh['size'] / pg['size']:.1f}x"
    )


if __name__ == "__main__":
    main()
