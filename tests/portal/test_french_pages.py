"""A French visitor reads French: no English word of the data (a choice's label, a vocabulary, a
name of the seed file) on the public pages and on the place pages of the demo network."""

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.utils import translation

pytestmark = pytest.mark.django_db

# Words a translation slip shows in English (the data's own English, not the interface's).
ENGLISH_WORDS = [
    "today",
    "Everyone",
    "Adults",
    "Young people",
    "Job seekers",
    "Town hall",
    "Media library",
    "Public digital space",
    "Community centre",
    "opening hours",
    "Monday",
    "Tuesday",
    "Saturday",
    "closed",
]
# The apps whose data the public pages show.
DATA_APPS = ("directory", "home", "espap", "tickets")


def english_labels():
    """The English of every choice of the data models whose French differs: a French page must
    not show it."""
    labels = set()
    for model in apps.get_models():
        if model._meta.app_label not in DATA_APPS:
            continue
        for field in model._meta.get_fields():
            for _value, label in getattr(field, "flatchoices", None) or ():
                with translation.override("en"):
                    english = str(label)
                with translation.override("fr"):
                    french = str(label)
                if english != french and len(english) >= 4:
                    labels.add(english)
    return labels


class VisibleText(HTMLParser):
    """The text a reader sees: no script, style or template, no attribute."""

    HIDDEN = {"script", "style", "template", "noscript"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


@pytest.fixture
def demo_network():
    """The public site, its content and the directory of the demo (no accounts, no workspace)."""
    from directory import demo as directory_demo
    from home import demo as home_demo

    home = home_demo.load_site(log=lambda *a, **k: None)
    home_demo.load_content(home=home, log=lambda *a, **k: None)
    directory_demo.load(home=home, log=lambda *a, **k: None)
    return home


def test_the_english_list_is_built_from_the_data():
    labels = english_labels()
    assert labels, "no translated choice found in the data models"
    with translation.override("fr"):
        assert all(label for label in labels)


def test_public_and_place_pages_show_no_english_word_of_the_data(demo_network, client):
    from wagtail.models import Page

    from directory.models import PartnerAgency, PlacePage

    forbidden = sorted(english_labels() | set(ENGLISH_WORDS), key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(re.escape(word) for word in forbidden) + r")\b")
    urls = [page.url for page in Page.objects.live().public().exclude(depth=1).specific() if page.url]
    urls += ["/annuaire/", "/plan-du-site/", "/recherche/?q=atelier", "/inscription/", "/compte/connexion/"]
    assert PlacePage.objects.live().count() >= 30 and len(urls) > 60
    found, broken = {}, []
    client.raise_request_exception = False
    for url in dict.fromkeys(urls):
        response = client.get(url, headers={"accept-language": "fr"})
        if response.status_code != 200:
            broken.append(f"{url}: HTTP {response.status_code}")
            continue
        if "text/html" not in response["Content-Type"]:
            continue
        words = set(pattern.findall(visible_text(response.content.decode())))
        if words:
            found[url] = sorted(words)
    assert not found, "English words on French pages:\n" + "\n".join(f"{u}: {w}" for u, w in found.items())
    assert not broken, "Pages that do not open:\n" + "\n".join(broken)
    # the agencies of the esp@p places are named in French
    assert not PartnerAgency.objects.filter(name__icontains="today").exists()
