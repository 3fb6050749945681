import pytest

from core import roles
from tests import factories

pytestmark = pytest.mark.django_db


def test_key_figures_are_computed_from_live_data(client, create_user):
    factories.home_page()
    territory = factories.TerritoryFactory(name="Grand Cahors")
    factories.place(territory, title="Cyber-base de Catus")
    unpublished = factories.place(territory, title="Futur espace")
    unpublished.unpublish()
    create_user(role=roles.ANIMATOR)
    create_user(role=roles.ANIMATOR, is_active=False)
    response = client.get("/")
    figures = {str(f["label"]): f["value"] for f in response.context["key_figures"]}
    assert figures == {"espaces publics multimédia": 1, "animateurs": 1, "territoires": 1}
    html = response.content.decode()
    assert 'lang="fr"' in html
    assert "Aller au contenu" in html


def test_menu_comes_from_the_page_tree(client):
    factories.directory_index()
    html = client.get("/").content.decode()
    assert 'href="/annuaire/"' in html


def test_menu_marks_the_current_section(client):
    from tests.home import builders

    item = builders.news("Une nouvelle")
    for address in ("/actualites/", item.url):
        html = client.get(address).content.decode()
        nav = html.split('<nav aria-label="Menu principal">')[1].split("</nav>")[0]
        assert '<a class="nav-link is-active" href="/actualites/" aria-current="page">' in nav, address
