"""Factories: test data is made by code (and by the real services), never by fixtures files."""

import factory
from django.utils.text import slugify

from directory.models import DirectoryIndexPage, PlacePage, Territory, TerritoryPage
from home.models import HomePage
from workspace.people.models import User

PASSWORD = "mot-de-passe-de-test"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"membre{n}@exemple.test")
    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    last_name = factory.Sequence(lambda n: f"Nom{n}")
    password = factory.django.Password(PASSWORD)


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Territoire {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


def home_page() -> HomePage:
    """The site's home page, made as the demo makes it (Wagtail site included)."""
    from home.demo import load_site

    return load_site(log=lambda *a, **k: None)


def directory_index() -> DirectoryIndexPage:
    index = DirectoryIndexPage.objects.first()
    if index is None:
        index = home_page().add_child(
            instance=DirectoryIndexPage(title="Annuaire", slug="annuaire", show_in_menus=True)
        )
    return index


def territory_page(territory: Territory | None = None) -> TerritoryPage:
    territory = territory or TerritoryFactory()
    page = TerritoryPage.objects.filter(territory=territory).first()
    if page is None:
        page = directory_index().add_child(
            instance=TerritoryPage(title=territory.name, slug=territory.slug, territory=territory)
        )
    return page


def place(territory: Territory | None = None, **fields) -> PlacePage:
    parent = territory_page(territory)
    count = PlacePage.objects.count()
    fields.setdefault("title", f"Espace multimédia {count + 1}")
    fields.setdefault("commune", "Cahors")
    fields.setdefault("slug", slugify(fields["title"]))
    return parent.add_child(instance=PlacePage(territory=parent.territory, **fields))
