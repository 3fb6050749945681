"""Territories and places of the network.

A place is a Wagtail page under DirectoryIndexPage → TerritoryPage → PlacePage, so that the
referent of a territory can be given page permissions on that territory's subtree and the
Wagtail admin enforces them natively. A place's fields follow the national schema of places of
digital mediation (``directory/schema/``), plus the network's own (workstations, esp@p…).
"""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from directory import vocabularies as voc
from directory.admin_forms import PlacePageForm
from directory.fields import PipeListField
from directory.hours import validate_opening_hours


class Territory(models.Model):
    """One of the intercommunalities of the department, run by one referent."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("referents' group"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="administered_territory",
        help_text=_("Wagtail group holding the page permissions on this territory's places."),
    )

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["name"]
        permissions = [("administer_territory", _("Can administer the territory"))]

    def __str__(self):
        return self.name


class TerritoryUserObjectPermission(UserObjectPermissionBase):
    """Direct foreign-key table: faster than guardian's generic table, and checked by the DB."""

    content_object = models.ForeignKey(Territory, on_delete=models.CASCADE)


class TerritoryGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Territory, on_delete=models.CASCADE)


class PartnerAgency(models.Model):
    """An agency (CAF, CPAM…) that receives users by video at esp@p points ("visio-accueil")."""

    class Family(models.TextChoices):
        SOCIAL = "social", _("Social")
        EMPLOYMENT = "employment-training", _("Employment and training")

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=160)
    family = models.CharField(_("family"), max_length=30, choices=Family.choices, default=Family.SOCIAL)

    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("family")]

    class Meta:
        verbose_name = _("partner agency")
        verbose_name_plural = _("partner agencies")
        ordering = ["name"]

    def __str__(self):
        return self.name


register_snippet(PartnerAgency)


class DirectoryIndexPage(RoutablePageMixin, Page):
    """The directory: map and list of the places (``/annuaire/``), open-data exports and API.

    The routes are thin: they call ``directory.views``.
    """

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    parent_page_types = ["home.HomePage"]
    subpage_types = ["directory.TerritoryPage"]
    max_count = 1
    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("directory")

    @path("")
    def directory(self, request):
        from directory import views

        return views.directory(request, self)

    @path("api/lieux/")
    def api_places(self, request):
        from directory import views

        return views.api_places(request, self)

    @path("api/carte/")
    def api_map(self, request):
        from directory import views

        return views.api_map(request, self)

    @path("imprimer/")
    def printable(self, request):
        from directory import views

        return views.printable(request, self)


class TerritoryPage(Page):
    territory = models.OneToOneField(
        Territory, verbose_name=_("territory"), on_delete=models.PROTECT, related_name="page"
    )
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    parent_page_types = ["directory.DirectoryIndexPage"]
    subpage_types = ["directory.PlacePage"]
    # Only the coordinator may re-attach a territory page: a referent who could change it would
    # move every place of the subtree into another territory.
    content_panels = Page.content_panels + [FieldPanel("territory", permission="superuser"), FieldPanel("intro")]

    class Meta:
        verbose_name = _("territory page")

    def get_context(self, request, *args, **kwargs):
        from directory.selectors import territory_places

        context = super().get_context(request, *args, **kwargs)
        context["places"] = territory_places(self)
        return context


pivot_validator = RegexValidator(
    r"^[a-zA-Z0-9]{9,14}$", _("A SIRET (14 digits), SIREN (9 digits) or RNA number (W + 9 characters).")
)
insee_validator = RegexValidator(r"^([013-9]\d|2[AB1-9])\d{3}$", _("An INSEE commune code has 5 characters."))
postcode_validator = RegexValidator(r"^\d{5}$", _("A postcode has 5 digits."))
phone_validator = RegexValidator(
    r"^(\+33 ?[1-9]|0[1-9])([ .]?\d{2}){4}$", _("A French phone number, e.g. 05 65 12 34 56 or +33565123456.")
)
typology_validator = RegexValidator(
    r"^[A-Z_]+(\|[A-Z_]+)*$", _("Codes of the structure types in capitals, separated by |, e.g. ASSO|MUNI.")
)
pipe_emails_validator = RegexValidator(
    r"^[^@|\s]+@[^@|\s]+\.[^@|\s]+(\|[^@|\s]+@[^@|\s]+\.[^@|\s]+)*$",
    _("E-mail addresses separated by |."),
)
pipe_urls_validator = RegexValidator(r"^https?://\S+$", _("Web addresses beginning with https://, separated by |."))


def new_schema_id() -> str:
    return f"maillage-{uuid.uuid4().hex[:12]}"


class PlacePage(Page):
    """A public digital space. Fields follow the national schema of places of digital mediation."""

    class StructureKind(models.TextChoices):
        CYBER_BASE = "cyber-base", _("Cyber-base")
        EPM = "epm", _("Public digital space")
        MAIRIE = "mairie", _("Town hall")
        MAISON_COMMUNAUTAIRE = "maison-communautaire", _("Community centre")
        MEDIATHEQUE = "mediatheque", _("Media library")
        ASSOCIATION = "association", _("Association")

    # Schema typology codes matching the network's kinds (used when ``typology`` is empty).
    KIND_TYPOLOGY = {
        "cyber-base": "EPN",
        "epm": "EPN",
        "mairie": "MUNI",
        "maison-communautaire": "EPCI",
        "mediatheque": "BIB",
        "association": "ASSO",
    }

    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.PROTECT, related_name="places", editable=False
    )
    schema_id = models.CharField(
        _("identifier (open data)"),
        max_length=100,
        unique=True,
        default=new_schema_id,
        help_text=_("The place's identifier in the national open-data file; kept across imports."),
    )
    pivot = models.CharField(_("SIRET or RNA number"), max_length=14, blank=True, validators=[pivot_validator])
    kind = models.CharField(_("type of structure"), max_length=40, choices=StructureKind.choices, default="epm")
    typology = models.CharField(
        _("typology (national codes)"),
        max_length=200,
        blank=True,
        validators=[typology_validator],
        help_text=_("data.inclusion codes, e.g. EPN, MUNI, BIB, ASSO; several separated by |."),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    address_complement = models.CharField(_("address complement"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True, validators=[postcode_validator])
    insee_code = models.CharField(_("INSEE code"), max_length=5, blank=True, validators=[insee_validator])
    commune = models.CharField(_("commune"), max_length=120)
    latitude = models.FloatField(
        _("latitude"), null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        _("longitude"), null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    itinerance = PipeListField(_("fixed or itinerant"), vocabulary=voc.ITINERANCE)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    email = models.EmailField(_("e-mail"), blank=True)
    other_emails = models.CharField(
        _("other e-mails"),
        max_length=300,
        blank=True,
        validators=[pipe_emails_validator],
        help_text=_("Separated by |."),
    )
    website = models.URLField(_("website"), blank=True)
    other_websites = models.CharField(
        _("other websites"),
        max_length=500,
        blank=True,
        validators=[pipe_urls_validator],
        help_text=_("Social networks…, separated by |."),
    )
    opening_hours = models.CharField(
        _("opening hours"),
        max_length=255,
        blank=True,
        validators=[validate_opening_hours],
        help_text=_("OpenStreetMap format, e.g. “Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00; PH off”."),
    )
    summary = models.TextField(_("short presentation"), max_length=280, blank=True)
    description = models.TextField(_("detailed presentation"), blank=True)
    services = PipeListField(_("services"), vocabulary=voc.SERVICES)
    publics = PipeListField(_("specific publics"), vocabulary=voc.PUBLICS)
    specific_support = PipeListField(_("specific support"), vocabulary=voc.SPECIFIC_SUPPORT)
    fees = PipeListField(_("fees"), vocabulary=voc.FEES)
    national_programmes = PipeListField(_("national programmes"), vocabulary=voc.NATIONAL_PROGRAMMES)
    labels = PipeListField(_("training and labels"), vocabulary=voc.LABELS)
    other_labels = models.CharField(_("other training and labels"), max_length=300, blank=True)
    access_modes = PipeListField(_("how to access"), vocabulary=voc.ACCESS_MODES)
    support_modes = PipeListField(_("kinds of support"), vocabulary=voc.SUPPORT_MODES)
    accessibility_url = models.URLField(_("accessibility (acceslibre) link"), max_length=500, blank=True)
    booking_url = models.URLField(_("online booking link"), max_length=500, blank=True)
    source = models.CharField(_("data source"), max_length=120, blank=True)
    parent_structure = models.CharField(_("parent structure or network"), max_length=200, blank=True)
    data_updated = models.DateField(_("date of update"), null=True, blank=True)
    # The network's own fields.
    workstations = models.PositiveSmallIntegerField(_("workstations"), null=True, blank=True)
    espap = models.BooleanField(_("esp@p label"), default=False)
    espap_agencies = ParentalManyToManyField(
        PartnerAgency, verbose_name=_("visio-accueil partner agencies"), blank=True, related_name="places"
    )
    ticket_declic = models.BooleanField(_("Ticket déclic partner"), default=False)

    parent_page_types = ["directory.TerritoryPage"]
    subpage_types = []
    base_form_class = PlacePageForm
    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("summary"),
                FieldPanel("description"),
                FieldRowPanel([FieldPanel("workstations"), FieldPanel("pivot")]),
                FieldPanel("typology"),
                FieldPanel("itinerance"),
            ],
            heading=_("Presentation"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("address_complement"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("insee_code")]),
                FieldPanel("commune"),
                FieldPanel("location"),
            ],
            heading=_("Address"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("other_emails"),
                FieldPanel("website"),
                FieldPanel("other_websites"),
                FieldPanel("booking_url"),
                FieldPanel("accessibility_url"),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("opening_hours"),
        MultiFieldPanel(
            [
                FieldPanel("services"),
                FieldPanel("publics"),
                FieldPanel("specific_support"),
                FieldPanel("support_modes"),
                FieldPanel("access_modes"),
                FieldPanel("fees"),
            ],
            heading=_("Offer"),
        ),
        MultiFieldPanel(
            [FieldPanel("national_programmes"), FieldPanel("labels"), FieldPanel("other_labels")],
            heading=_("Programmes and labels"),
        ),
        MultiFieldPanel(
            [FieldPanel("espap"), FieldPanel("espap_agencies"), FieldPanel("ticket_declic")],
            heading=_("Network schemes"),
        ),
        InlinePanel("photos", label=_("Photos")),
        MultiFieldPanel(
            [FieldPanel("schema_id"), FieldPanel("source"), FieldPanel("parent_structure"), FieldPanel("data_updated")],
            heading=_("Open data"),
            classname="collapsed",
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("commune"),
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("territory_id"),
    ]

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def save(self, *args, **kwargs):
        # The territory is the one of the subtree the place lives in: a place cannot claim
        # another territory than the one whose referent manages it.
        parent = self.get_parent() if self.pk or self.path else None
        if parent is not None:
            specific = parent.specific
            if isinstance(specific, TerritoryPage):
                self.territory_id = specific.territory_id
        if not self.schema_id:
            self.schema_id = new_schema_id()
        if self.data_updated is None:
            self.data_updated = timezone.localdate()
        super().save(*args, **kwargs)

    @property
    def typology_codes(self) -> str:
        return self.typology or self.KIND_TYPOLOGY.get(self.kind, "")

    @property
    def emails(self) -> list[str]:
        return [e for e in [self.email, *self.other_emails.split("|")] if e]

    @property
    def websites(self) -> list[str]:
        return [w for w in [self.website, *self.other_websites.split("|")] if w]

    @property
    def hours_summary(self) -> str:
        from directory.hours import summary

        return summary(self.opening_hours)

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def get_context(self, request, *args, **kwargs):
        from directory import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.place_detail_context(self, request=request))
        return context


class PlacePhoto(Orderable):
    page = ParentalKey(PlacePage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(_("caption (alternative text)"), max_length=200)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
