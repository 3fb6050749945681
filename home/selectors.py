"""Reads of the public site: figures are computed from live data, never typed in."""

from collections import Counter

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.models import Collection

from core import roles
from directory.models import DirectoryIndexPage, PlacePage, Territory
from home.cache import public, published

DOCUMENT_TYPES = [
    ("pdf", "PDF"),
    ("odt", _("Text (ODT)")),
    ("doc", _("Text (Word)")),
    ("docx", _("Text (Word)")),
    ("ods", _("Spreadsheet (ODS)")),
    ("xlsx", _("Spreadsheet (Excel)")),
    ("odp", _("Presentation (ODP)")),
    ("pptx", _("Presentation (PowerPoint)")),
]


def _live_places():
    return public(PlacePage.objects.live())


def key_figures():
    """The network in figures: the places change with a publication, the accounts and the
    territories at any time (counted on each view)."""
    places = published("live-places", lambda: _live_places().count())
    animators = get_user_model().objects.filter(is_active=True, groups__name=roles.GROUP_NAMES[roles.ANIMATOR]).count()
    territories = Territory.objects.count()
    return [
        {"value": places, "label": _("public digital spaces")},
        {"value": animators, "label": _("animators")},
        {"value": territories, "label": _("territories")},
    ]


def directory_page():
    return public(DirectoryIndexPage.objects.live()).first()


def _has_field(model, name):
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def network_statistics():
    """Places per territory, services offered and accounts, for the statistics page."""
    place_ids = _live_places().values("pk")
    territories = list(
        Territory.objects.annotate(place_count=Count("places", filter=Q(places__in=place_ids))).order_by(
            "-place_count", "name"
        )
    )
    places = _live_places()
    services = []
    if _has_field(PlacePage, "espap"):
        services.append({"label": _("esp@p public-service points"), "value": places.filter(espap=True).count()})
    if _has_field(PlacePage, "ticket_declic"):
        services.append(
            {"label": _("Ticket déclic partner places"), "value": places.filter(ticket_declic=True).count()}
        )
    if _has_field(PlacePage, "workstations"):
        total = places.aggregate(total=Sum("workstations"))["total"] or 0
        services.append({"label": _("public workstations"), "value": total})
    users = get_user_model().objects.filter(is_active=True)
    accounts = [{"label": _("Active accounts"), "value": users.count()}]
    per_group = dict(
        users.filter(groups__name__in=roles.GROUP_NAMES.values())
        .values_list("groups__name")
        .annotate(n=Count("pk", distinct=True))
    )
    for role in (roles.ANIMATOR, roles.REFERENT, roles.AGENCY_ADVISOR):
        accounts.append({"label": roles.LABELS[role], "value": per_group.get(roles.GROUP_NAMES[role], 0)})
    highest = max((t.place_count for t in territories), default=0) or 1
    for territory in territories:
        territory.share = round(100 * territory.place_count / highest)
    return {"territories": territories, "services": services, "accounts": accounts}


def restricted_collections():
    return Collection.objects.filter(view_restrictions__isnull=False)


def public_documents():
    """Documents a visitor may download: none from a collection with a view restriction."""
    restricted = restricted_collections().values("pk")
    return (
        get_document_model()
        .objects.exclude(collection__in=restricted)
        .select_related("collection")
        .order_by("-created_at", "-pk")
    )


def document_themes():
    """The collections (themes) holding public documents."""
    restricted = restricted_collections().values("pk")
    return (
        Collection.objects.filter(depth__gt=1, pk__in=get_document_model().objects.values("collection_id"))
        .exclude(pk__in=restricted)
        .order_by("name")
    )


def survey_results(survey):
    """Counts of the answers of each choice field of a survey, for its results chart."""
    from home.models import CHOICE_FIELD_TYPES

    fields = [f for f in survey.get_form_fields() if f.field_type in CHOICE_FIELD_TYPES]
    counters = {f.clean_name: Counter() for f in fields}
    submissions = survey.get_submission_class().objects.filter(page=survey)
    total = 0
    for submission in submissions.iterator():
        total += 1
        data = submission.form_data
        for field in fields:
            value = data.get(field.clean_name)
            if value in (None, ""):
                continue
            values = value if isinstance(value, list) else [value]
            for item in values:
                counters[field.clean_name][str(item)] += 1
    results = []
    for field in fields:
        if field.field_type == "checkbox":
            choices = ["True", "False"]
        else:
            raw = field.choices.replace("\r", "")
            parts = raw.split("\n") if "\n" in raw else raw.split(",")
            choices = [c.strip().rstrip(",").strip() for c in parts if c.strip()]
        counter = counters[field.clean_name]
        highest = max(counter.values(), default=0) or 1
        answers = [
            {"label": choice, "count": counter.get(choice, 0), "share": round(100 * counter.get(choice, 0) / highest)}
            for choice in choices
        ]
        results.append({"label": field.label, "answers": answers, "answered": sum(counter.values())})
    return {"total": total, "fields": results}
