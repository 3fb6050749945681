"""Writes of the directory: territories and their referents, places, import of the national CSV."""

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm
from wagtail.signal_handlers import disable_reference_index_auto_update

from core import roles
from core.text import fold
from directory import vocabularies as voc
from directory.fields import split_values
from directory.hours import validate_opening_hours
from directory.models import PlacePage, Territory, TerritoryPage
from directory.permissions import ADMINISTER, is_referent_of

PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")


# --- Territories and referents ------------------------------------------------------------


@transaction.atomic
def territory_group_sync(*, territory: Territory) -> Group:
    """The territory's Wagtail group: admin access and add/change/publish on its page subtree.

    Idempotent; called when a territory page is created and when a referent is assigned.
    """
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

    group = territory.group
    if group is None:
        group, _created = Group.objects.get_or_create(name=f"Référents – {territory.name}")
        Territory.objects.filter(pk=territory.pk).update(group=group)
        territory.group = group
    access_admin = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    group.permissions.add(*access_admin)
    page = TerritoryPage.objects.filter(territory=territory).first()
    if page is not None:
        GroupPagePermission.objects.filter(group=group).exclude(page=page).delete()
        for codename in PAGE_PERMISSIONS:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
    if page is not None:
        territory_workflow_sync(territory=territory, group=group, page=page)
    # Photos of places: referents may upload and choose images.
    root = Collection.get_first_root_node()
    if root is not None:
        for codename in ("add_image", "choose_image"):
            permission = Permission.objects.get(content_type__app_label="wagtailimages", codename=codename)
            GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=permission)
    return group


WORKFLOW_PREFIX = "Fiches des lieux — "


def territory_workflow_sync(*, territory: Territory, group: Group, page: TerritoryPage):
    """The moderation of the territory's place cards: a Wagtail workflow whose one task is
    approved by the territory's referents, assigned to the territory page so that it applies to
    every place below it. An animator's change to their place's card is a revision that waits
    in this workflow; the referent approves it in the Wagtail admin, which publishes it.

    Idempotent. A workflow the coordinator assigned by hand to the territory page (one whose name
    does not start with the prefix) is left as it is.
    """
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    name = f"{WORKFLOW_PREFIX}{territory.name}"[:255]
    link = WorkflowPage.objects.filter(page=page).select_related("workflow").first()
    if link is not None and not link.workflow.name.startswith(WORKFLOW_PREFIX):
        return link.workflow
    workflow = link.workflow if link is not None else None
    if workflow is None:
        workflow = Workflow.objects.filter(name=name).first() or Workflow.objects.create(name=name)
    if workflow.name != name or not workflow.active:
        workflow.name, workflow.active = name, True
        workflow.save(update_fields=["name", "active"])
    task_name = f"Validation par le référent — {territory.name}"[:255]
    task = GroupApprovalTask.objects.filter(workflow_tasks__workflow=workflow).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=task_name)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    elif task.name != task_name or not task.active:
        task.name, task.active = task_name, True
        task.save(update_fields=["name", "active"])
    task.groups.add(group)
    if link is None:
        WorkflowPage.objects.create(page=page, workflow=workflow)
    return workflow


@transaction.atomic
def territory_referent_assign(*, user, territory: Territory) -> None:
    """Make ``user`` the referent of ``territory`` (a territory has one referent at a time)."""
    for previous in territory_referents(territory):
        if previous.pk != user.pk:
            territory_referent_remove(user=previous, territory=territory)
    assign_perm(ADMINISTER, user, territory)
    roles.grant(user, roles.REFERENT)
    user.groups.add(territory_group_sync(territory=territory))
    if user.territory_id is None:
        user.territory = territory
        user.save(update_fields=["territory"])
    roles.access_changed(user)


@transaction.atomic
def territory_referent_remove(*, user, territory: Territory) -> None:
    remove_perm(ADMINISTER, user, territory)
    if territory.group_id:
        user.groups.remove(territory.group)
    if not user.territoryuserobjectpermission_set.exists():
        roles.revoke(user, roles.REFERENT)
    roles.access_changed(user)


def territory_referents(territory: Territory):
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            territoryuserobjectpermission__content_object=territory,
            territoryuserobjectpermission__permission__codename="administer_territory",
        )
        .distinct()
    )


def place_territory_sync(*, place: PlacePage) -> None:
    """After a move (only the coordinator can move across territories): follow the new parent."""
    parent = place.get_parent().specific
    if isinstance(parent, TerritoryPage) and parent.territory_id != place.territory_id:
        PlacePage.objects.filter(pk=place.pk).update(territory_id=parent.territory_id)
        place.territory_id = parent.territory_id


def place_update(*, place: PlacePage, user=None, **changes) -> PlacePage:
    """Change fields of a place and publish it.

    A revision is kept when a person makes the change or the page already has a history, so that
    the admin editor (which opens the latest revision) shows the new values.
    """
    for name, value in changes.items():
        setattr(place, name, value)
    if place.latest_revision_id or user is not None:
        place.save_revision(user=user, log_action=True).publish(user=user)
    else:
        place.save()
    return place


# --- The national CSV ---------------------------------------------------------------------

LIST_COLUMNS = {
    "itinerance": "itinerance",
    "services": "services",
    "publics_specifiquement_adresses": "publics",
    "prise_en_charge_specifique": "specific_support",
    "frais_a_charge": "fees",
    "dispositif_programmes_nationaux": "national_programmes",
    "formations_labels": "labels",
    "modalites_acces": "access_modes",
    "modalites_accompagnement": "support_modes",
}
TEXT_COLUMNS = {
    "nom": "title",
    "commune": "commune",
    "code_postal": "postcode",
    "code_insee": "insee_code",
    "adresse": "address",
    "complement_adresse": "address_complement",
    "typologie": "typology",
    "horaires": "opening_hours",
    "presentation_resume": "summary",
    "presentation_detail": "description",
    "source": "source",
    "structure_parente": "parent_structure",
    "autres_formations_labels": "other_labels",
    "fiche_acces_libre": "accessibility_url",
    "prise_rdv": "booking_url",
}
UNKNOWN_PIVOT = "00000000000000"


def phone_to_schema(phone: str) -> str:
    """``05 65 12 34 56`` → ``+33565123456`` (the schema's international form)."""
    digits = re.sub(r"[^\d+]", "", phone or "")
    if not digits:
        return ""
    if digits.startswith("+"):
        return digits
    if digits.startswith("0"):
        return "+33" + digits[1:]
    return digits


def phone_from_schema(phone: str) -> str:
    """``+33565123456`` → ``05 65 12 34 56``; other countries' numbers stay as they are."""
    phone = (phone or "").strip()
    if phone.startswith("+33") and len(phone) == 12:
        local = "0" + phone[3:]
        return " ".join(local[i : i + 2] for i in range(0, 10, 2))
    return phone


def _number(value) -> str:
    if value is None:
        return ""
    return f"{value:.6f}".rstrip("0").rstrip(".")


def place_to_row(place: PlacePage) -> dict:
    """One place as a row of the national CSV (column → text)."""
    updated = place.data_updated or (place.last_published_at and place.last_published_at.date()) or dt.date.today()
    row = {
        "id": place.schema_id,
        "pivot": place.pivot or UNKNOWN_PIVOT,
        "latitude": _number(place.latitude),
        "longitude": _number(place.longitude),
        "typologie": place.typology_codes,
        "telephone": phone_to_schema(place.phone),
        "courriels": "|".join(place.emails),
        "site_web": "|".join(place.websites),
        "date_maj": updated.isoformat(),
    }
    for column, name in TEXT_COLUMNS.items():
        row.setdefault(column, getattr(place, name) or "")
    for column, name in LIST_COLUMNS.items():
        row[column] = "|".join(getattr(place, name))
    return {column: row.get(column, "") for column in voc.COLUMNS}


def places_to_csv(places) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=voc.COLUMNS, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writeheader()
    for place in places:
        writer.writerow(place_to_row(place))
    return out.getvalue()


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str, str]] = field(default_factory=list)  # (line, id, reasons)
    warnings: list[tuple[int, str, str]] = field(default_factory=list)
    total: int = 0
    done: int = 0  # lines processed so far (the import goes by batches)

    @property
    def accepted(self) -> int:
        return self.created + self.updated + self.unchanged


class RowError(Exception):
    pass


_validators = {f.name: f for f in PlacePage._meta.get_fields() if hasattr(f, "run_validators")}


def _check(name: str, value, errors: list, label: str):
    try:
        _validators[name].run_validators(value)
    except ValidationError as error:
        errors.append(f"{label} : {' '.join(error.messages)}")


def row_to_fields(row: dict, warnings: list) -> dict:
    """Validate one CSV row; return the place's field values or raise RowError with every reason."""
    errors = []
    get = lambda column: (row.get(column) or "").strip()  # noqa: E731
    values: dict = {}
    for column in ("id", "nom", "commune", "code_postal", "adresse", "date_maj"):
        if not get(column):
            errors.append(_("%(column)s: required") % {"column": column})
    values["schema_id"] = get("id")[:100]
    pivot = get("pivot")
    if pivot and not re.fullmatch(r"[a-zA-Z0-9]{9,14}", pivot):
        errors.append(_("pivot: a SIRET (14 digits) or RNA number is expected"))
    values["pivot"] = "" if pivot == UNKNOWN_PIVOT else pivot
    for column, name in TEXT_COLUMNS.items():
        values[name] = get(column)
    for name, label in (("postcode", "code_postal"), ("insee_code", "code_insee"), ("typology", "typologie")):
        if values[name]:
            _check(name, values[name], errors, label)
    if len(values["summary"]) > 280:
        errors.append(_("presentation_resume: 280 characters at most"))
    if len(values["title"]) > 255:
        errors.append(_("nom: 255 characters at most"))
    for name in ("accessibility_url", "booking_url"):
        if values[name] and not re.match(r"^https?://\S+$", values[name]):
            errors.append(_("%(column)s: not a web address") % {"column": name})
    for column in ("latitude", "longitude"):
        raw = get(column)
        values[column] = None
        if raw:
            try:
                number = float(raw.replace(",", "."))
            except ValueError:
                errors.append(_("%(column)s: not a number") % {"column": column})
                continue
            limit = 90 if column == "latitude" else 180
            if not -limit <= number <= limit:
                errors.append(_("%(column)s: out of range") % {"column": column})
            values[column] = number
    phone = get("telephone")
    if phone and not re.fullmatch(r"\+\d{8,13}|0\d{9}|0\d( ?\d{2}){4}", phone):
        errors.append(_("telephone: an international number such as +33565123456 is expected"))
    values["phone"] = phone_from_schema(phone)
    emails = split_values(get("courriels"))
    for email in emails:
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            errors.append(_("courriels: invalid address %(value)s") % {"value": email})
    values["email"], values["other_emails"] = (emails[0] if emails else ""), "|".join(emails[1:])
    sites = split_values(get("site_web"))
    for site in sites:
        if not re.match(r"^https?://\S+$", site):
            errors.append(_("site_web: invalid address %(value)s") % {"value": site})
    values["website"], values["other_websites"] = (sites[0] if sites else ""), "|".join(sites[1:])
    if values["website"] and len(values["website"]) > 200:
        errors.append(_("site_web: address too long"))
    try:
        values["data_updated"] = dt.date.fromisoformat(get("date_maj")) if get("date_maj") else None
    except ValueError:
        errors.append(_("date_maj: a date YYYY-MM-DD is expected"))
    vocabularies = {
        "itinerance": voc.ITINERANCE,
        "services": voc.SERVICES,
        "publics": voc.PUBLICS,
        "specific_support": voc.SPECIFIC_SUPPORT,
        "fees": voc.FEES,
        "national_programmes": voc.NATIONAL_PROGRAMMES,
        "labels": voc.LABELS,
        "access_modes": voc.ACCESS_MODES,
        "support_modes": voc.SUPPORT_MODES,
    }
    for column, name in LIST_COLUMNS.items():
        items = split_values(get(column))
        unknown = [item for item in items if item not in vocabularies[name]]
        if unknown:
            errors.append(_("%(column)s: unknown value %(values)s") % {"column": column, "values": ", ".join(unknown)})
        values[name] = items
    if values["opening_hours"]:
        try:
            validate_opening_hours(values["opening_hours"])
        except ValidationError:
            warnings.append(_("horaires: not in the OpenStreetMap format, left empty"))
            values["opening_hours"] = ""
    if errors:
        raise RowError("; ".join(errors))
    return values


class TerritoryResolver:
    """Which territory a new place goes to: the one its commune is already in, else the default."""

    def __init__(self, default: Territory | None):
        self.default = default
        self.by_insee, self.by_commune, postcodes = {}, {}, {}
        for insee, commune, postcode, territory_id in PlacePage.objects.values_list(
            "insee_code", "commune", "postcode", "territory_id"
        ):
            if insee:
                self.by_insee.setdefault(insee, territory_id)
            self.by_commune.setdefault(fold(commune), territory_id)
            postcodes.setdefault(postcode, set()).add(territory_id)
        self.by_postcode = {k: next(iter(v)) for k, v in postcodes.items() if k and len(v) == 1}
        self.territories = {t.pk: t for t in Territory.objects.all()}

    def __call__(self, values: dict) -> Territory | None:
        territory_id = (
            self.by_insee.get(values["insee_code"])
            or self.by_commune.get(fold(values["commune"]))
            or self.by_postcode.get(values["postcode"])
        )
        return self.territories.get(territory_id) if territory_id else self.default


COMPARED = [
    "title",
    "pivot",
    "commune",
    "postcode",
    "insee_code",
    "address",
    "address_complement",
    "latitude",
    "longitude",
    "typology",
    "phone",
    "email",
    "other_emails",
    "website",
    "other_websites",
    "opening_hours",
    "summary",
    "description",
    "source",
    "parent_structure",
    "data_updated",
    "other_labels",
    "accessibility_url",
    "booking_url",
    *LIST_COLUMNS.values(),
]


def _unique_slug(parent: TerritoryPage, title: str, schema_id: str) -> str:
    base = (slugify(title) or "lieu")[:70]
    slug = base
    siblings = parent.get_children()
    if siblings.filter(slug=slug).exists():
        slug = f"{base}-{slugify(schema_id)[:20]}".strip("-")
        n = 2
        while siblings.filter(slug=slug).exists():
            slug = f"{base}-{n}"
            n += 1
    return slug


def _apply_row(values: dict, *, user, resolver: TerritoryResolver, report: ImportReport) -> str:
    place = PlacePage.objects.filter(schema_id=values["schema_id"]).first()
    if place is not None:
        if user is not None and not is_referent_of(user, place.territory):
            raise RowError(_("this place belongs to another territory (%(name)s)") % {"name": place.territory.name})
        # Imported typology equal to the one derived from the kind: keep it derived.
        if values["typology"] == place.KIND_TYPOLOGY.get(place.kind) and not place.typology:
            values["typology"] = ""
        changed = [name for name in COMPARED if getattr(place, name) != values[name]]
        if not changed:
            return "unchanged"
        place_update(place=place, user=user, **{name: values[name] for name in changed})
        return "updated"
    territory = resolver(values)
    if territory is None:
        raise RowError(_("no territory for the commune %(commune)s: choose a territory for new places") % values)
    if user is not None and not is_referent_of(user, territory):
        raise RowError(_("you may not add places to the territory %(name)s") % {"name": territory.name})
    parent = TerritoryPage.objects.filter(territory=territory).first()
    if parent is None:
        raise RowError(_("the territory %(name)s has no directory page") % {"name": territory.name})
    kind = {"MUNI": "mairie", "BIB": "mediatheque", "ASSO": "association", "EPCI": "maison-communautaire"}.get(
        values["typology"].split("|")[0], "epm"
    )
    if values["typology"] == PlacePage.KIND_TYPOLOGY.get(kind):
        values["typology"] = ""
    parent.add_child(
        instance=PlacePage(
            slug=_unique_slug(parent, values["title"], values["schema_id"]),
            territory=territory,
            kind=kind,
            owner=user if user is not None and user.is_authenticated else None,
            **values,
        )
    )
    return "created"


IMPORT_BATCH = 200


def places_import_steps(*, text: str, user=None, default_territory: Territory | None = None):
    """The import, one batch of lines at a time: yields the report (``done`` of ``total``) after
    each batch, each batch in its own transaction, so that a long import can show its progress.

    Yields at least once; the last report yielded is the final one.
    """
    report = ImportReport()
    reader = csv.DictReader(io.StringIO(text))
    missing = [
        c for c in ("id", "nom", "commune", "code_postal", "adresse", "date_maj") if c not in (reader.fieldnames or [])
    ]
    if missing:
        report.rejected.append((1, "", _("missing columns: %(columns)s") % {"columns": ", ".join(missing)}))
        yield report
        return
    rows = list(reader)
    report.total = len(rows)
    if not rows:
        yield report
        return
    resolver = TerritoryResolver(default_territory)
    seen = set()
    for start in range(0, len(rows), IMPORT_BATCH):
        # Imported places reference no other object: skip Wagtail's reference index (a fifth of the time).
        with transaction.atomic(), disable_reference_index_auto_update():
            for offset, row in enumerate(rows[start : start + IMPORT_BATCH]):
                line = start + offset + 2  # the header is line 1
                identifier = (row.get("id") or "").strip()
                warnings = []
                try:
                    if identifier in seen:
                        raise RowError(_("id %(id)s appears twice in the file") % {"id": identifier})
                    values = row_to_fields(row, warnings)
                    with transaction.atomic():
                        outcome = _apply_row(values, user=user, resolver=resolver, report=report)
                    seen.add(identifier)
                except RowError as error:
                    report.rejected.append((line, identifier, str(error)))
                    continue
                setattr(report, outcome, getattr(report, outcome) + 1)
                for warning in warnings:
                    report.warnings.append((line, identifier, warning))
        report.done = min(start + IMPORT_BATCH, len(rows))
        yield report


def places_import(*, text: str, user=None, default_territory: Territory | None = None, progress=None) -> ImportReport:
    """Import a CSV of the national schema: create or update by ``id``, line by line.

    Every line is validated; a rejected line is reported with its reasons and the others are
    kept. Running the same file twice changes nothing the second time. ``user`` (None for the
    command line) may only touch the territories they administer. ``progress(done, total)`` is
    called after each batch.
    """
    report = ImportReport()
    for report in places_import_steps(text=text, user=user, default_territory=default_territory):
        if progress and report.total:
            progress(report.done, report.total)
    return report
