"""Builders of public-site pages for the tests, made the way the officer makes them (add_child)."""

import datetime
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from home import models
from tests import factories

# The section indexes, each added once under the home page.
SECTION_INDEXES = (
    models.NewsIndexPage,
    models.PressReviewPage,
    models.ThematicFileIndexPage,
    models.EventIndexPage,
    models.GalleryIndexPage,
    models.ResourceIndexPage,
)


def home():
    return factories.home_page()


def child(parent, model, **fields):
    fields.setdefault("slug", fields["title"].lower().replace(" ", "-").replace("'", "-"))
    existing = parent.get_children().filter(slug=fields["slug"]).first()
    if existing is not None:
        return existing.specific
    return parent.add_child(instance=model(**fields))


def image(title="Photo", size=(64, 48)):
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", size, (13, 92, 99)).save(buffer, "PNG")
    img = get_image_model()(title=title, width=size[0], height=size[1])
    img.file.save(f"{title}.png", ContentFile(buffer.getvalue()), save=False)
    img.width, img.height = size
    img.save()
    return img


def document(title="Synthèse", collection=None, ext="pdf"):
    from wagtail.models import Collection

    from home.pdf import make_pdf

    data = make_pdf(title, ["Texte."])
    doc = get_document_model()(title=title, collection=collection or Collection.get_first_root_node())
    doc.file.save(f"doc.{ext}", ContentFile(data), save=False)
    doc.file_size = len(data)
    doc.save()
    return doc


def news_index():
    return child(home(), models.NewsIndexPage, title="Actualités", slug="actualites", show_in_menus=True)


def news(title, days_ago=0, tags=(), with_image=False, **fields):
    page = models.NewsPage(
        title=title,
        slug=fields.pop("slug", None) or f"news-{models.NewsPage.objects.count() + 1}",
        date=timezone.localdate() - datetime.timedelta(days=days_ago),
        summary=fields.pop("summary", f"Résumé de {title}"),
        image=image(f"img-{title}") if with_image else None,
        **fields,
    )
    page.tags.add(*tags)
    return news_index().add_child(instance=page)


def event_index():
    return child(home(), models.EventIndexPage, title="Agenda", slug="agenda", show_in_menus=True)


def event(title, in_days=1, hours=2, **fields):
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=in_days)
    return event_index().add_child(
        instance=models.EventPage(
            title=title,
            slug=fields.pop("slug", None) or f"event-{models.EventPage.objects.count() + 1}",
            start=start,
            end=start + datetime.timedelta(hours=hours),
            summary=fields.pop("summary", f"Résumé de {title}"),
            **fields,
        )
    )
