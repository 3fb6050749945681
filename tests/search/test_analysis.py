"""French text analysis: accents folded, plurals and stems matched, stop words ignored,
snippets highlighted; a place is found by its commune and its services."""

import pytest

from search.backends import french_analyzer
from tests import factories
from tests.home import builders
from tests.search.helpers import run

pytestmark = pytest.mark.django_db


def tokens(text):
    return [t.text for t in french_analyzer()(text)]


def test_the_analyzer_folds_accents_stems_and_drops_stop_words():
    assert tokens("L'ÉPM de Cahors") == tokens("epm cahors")
    assert tokens("ateliers numériques") == tokens("atelier numerique")
    assert tokens("activités") == tokens("activite")
    assert tokens("le la les des été") == []


def test_accents_and_plurals_match_in_the_index(search_index):
    builders.news("Les ateliers numériques de l'ÉPM", summary="Des démarches administratives en ligne.")
    search_index()
    for query in ("epm", "ÉPM", "atelier numerique", "ATELIERS", "démarche administrative", "demarches"):
        assert run(None, query).titles == {"Les ateliers numériques de l'ÉPM"}, query
    assert run(None, "les").titles == set()  # only stop words: nothing, and no error


def test_a_place_is_found_by_commune_and_service(search_index):
    causse = factories.TerritoryFactory(name="Causses et vallée de la Dordogne")
    factories.place(
        territory=causse,
        title="Espace numérique du causse",
        commune="Gramat",
        services=["Aide aux démarches administratives", "Accès internet et matériel informatique"],
    )
    factories.place(title="Médiathèque de Souillac", commune="Souillac", services=["Loisirs et créations numériques"])
    search_index()
    assert run(None, "Gramat").titles == {"Espace numérique du causse"}
    assert run(None, "materiel informatique").titles == {"Espace numérique du causse"}
    assert run(None, "mediatheque").titles == {"Médiathèque de Souillac"}
    places = run(None, "gramat", kind="place")
    assert places.kinds == ["place"]
    assert run(None, "espace numerique", territory=causse.slug).titles == {"Espace numérique du causse"}
    assert [label for _, label, _ in run(None, "numérique").choices["territory"]][0] == causse.name


def test_snippets_highlight_the_words_and_escape_html(search_index, client):
    builders.news("Fête du numérique", summary="Venez <b>nombreux</b> : des ateliers pour tous les âges.")
    search_index()
    hit = run(None, "atelier").hits[0]
    assert "<mark>ateliers</mark>" in hit.snippet
    assert "<b>" not in hit.snippet
    page = client.get("/recherche/", {"q": "atelier"}).content.decode()
    assert "<mark>ateliers</mark>" in page


def test_filters_sort_and_pagination(search_index, client):
    for n in range(25):
        builders.news(f"Atelier {n}", days_ago=n, summary="Un atelier de découverte.")
    builders.event("Atelier au château", summary="Découverte")
    search_index()
    assert run(None, "atelier").count == 26
    assert run(None, "atelier", kind="event").titles == {"Atelier au château"}
    by_date = run(None, "atelier", kind="news", sort="date")
    assert [h.title for h in by_date.hits[:3]] == ["Atelier 0", "Atelier 1", "Atelier 2"]
    import datetime

    from django.utils import timezone

    since = timezone.localdate() - datetime.timedelta(days=2)
    assert run(None, "atelier", kind="news", date_from=since).titles == {"Atelier 0", "Atelier 1", "Atelier 2"}
    page2 = client.get("/recherche/", {"q": "atelier", "type": "news", "tri": "date", "page": 2})
    assert page2.status_code == 200
    body = page2.content.decode()
    assert "Page 2" in body or "Page 2 sur" in body or "2 / 2" in body or "Atelier 24" in body
    assert "Atelier 24" in body and "Atelier 0<" not in body


def test_odd_input_never_breaks_the_page(search_index, client):
    builders.news("Atelier d'été", summary="Un atelier.")
    search_index()
    for query in ['"atelier', "atelier:", "(atelier", "-atelier", "AND", "*", "a", "l'été", "x" * 300, "atelier OR"]:
        response = client.get("/recherche/", {"q": query, "du": "pas-une-date", "tri": "n'importe", "page": "zz"})
        assert response.status_code == 200, query
        assert "indisponible" not in response.content.decode(), query
    assert client.get("/recherche/suggestions/", {"q": '"(at'}).status_code == 200
