"""One pagination for the whole site: it keeps the filters of a list from page to page, marks
the current page, and no template writes its own."""

import re
from pathlib import Path

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory

from tests import factories

ROOT = Path(__file__).resolve().parents[2]
INCLUDE = "portal/includes/pagination.html"


def links(html):
    nav = re.search(r'<nav class="pagination" aria-label="([^"]+)">(.*?)</nav>', html, re.S)
    assert nav, "no pagination"
    anchors = re.findall(r'<a [^>]*href="([^"]*)"([^>]*)>(.*?)</a>', nav.group(2), re.S)
    return nav.group(1), [
        (href.replace("&amp;", "&"), attrs, re.sub(r"<[^>]+>", "", text).strip()) for href, attrs, text in anchors
    ]


def test_no_template_writes_its_own_pagination():
    apps = [top for top in ROOT.iterdir() if top.is_dir() and top.name not in {".venv", ".git", "var", "node_modules"}]
    hand_written = [
        str(path.relative_to(ROOT))
        for app in apps
        for path in app.glob("**/templates/**/*.html")
        if re.search(r"\b(has_previous|has_next|previous_page_number|next_page_number)\b", path.read_text())
    ]
    assert hand_written == [], f'use {{% include "{INCLUDE}" with items=… %}}'


@pytest.mark.django_db
def test_the_member_directory_keeps_its_filter_from_page_to_page(client, create_user):
    figeac = factories.TerritoryFactory(name="Grand-Figeac")
    for n in range(30):
        create_user(first_name=f"Membre{n:02d}", territory=figeac)
    create_user(first_name="Ailleurs")  # another territory: filtered out
    client.force_login(create_user(territory=figeac))

    html = client.get("/espace/membres/", {"territory": figeac.pk, "page": 2}).content.decode()
    label, anchors = links(html)
    assert label == "Pages"
    hrefs = {text: href for href, _attrs, text in anchors}
    # page 1 is the list without "page"; every link keeps the territory chosen
    assert hrefs["← Précédent"] == f"?territory={figeac.pk}"
    assert hrefs["Page 1"] == f"?territory={figeac.pk}"
    assert hrefs["Page 2"] == f"?territory={figeac.pk}&page=2"
    assert "Suivant →" not in hrefs  # 31 members, 24 a page: two pages
    current = [text for _href, attrs, text in anchors if 'aria-current="page"' in attrs]
    assert current == ["Page 2"]
    assert "Ailleurs" not in html


def test_long_lists_show_the_pages_around_the_current_one():
    request = RequestFactory().get("/actualites/", {"theme": "numerique", "page": 10})
    page = Paginator(range(200), 10).get_page(10)
    html = render_to_string(INCLUDE, {"items": page, "label": "Pages de résultats"}, request=request)
    label, anchors = links(html)
    assert label == "Pages de résultats"
    assert [text for _href, _attrs, text in anchors] == [
        "← Précédent",
        "Page 1",
        "Page 9",
        "Page 10",
        "Page 11",
        "Page 20",
        "Suivant →",
    ]
    assert html.count("…") == 2
    assert all(href.startswith("?theme=numerique") for href, _attrs, _text in anchors)
    assert 'rel="next"' in html and 'rel="prev"' in html


def test_a_single_page_has_no_pagination():
    request = RequestFactory().get("/")
    html = render_to_string(INCLUDE, {"items": Paginator(range(3), 10).get_page(1)}, request=request)
    assert html.strip() == ""
