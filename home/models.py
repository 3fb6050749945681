"""Page models of the public site.

The tree the communications officer runs: home → programme (standard pages), news, press review,
thematic files, agenda, gallery, resources, statistics and surveys. Index pages compute their
listings in ``get_context`` with ``.live().public()`` and prefetched renditions, so that a list
of 100 costs the same number of queries as a list of 10.
"""

import calendar
import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.figures import public_figures
from home import selectors
from home.blocks import BaseStreamBlock, PartnerBlock
from home.cache import CachedPageMixin, public, published

PAGE_SIZE = 12
# Renditions of the listings, at 1x and 2x: templates use the same specs in {% srcset_image %}
# (e.g. fill-{480x300,960x600}), and the listings prefetch them all.
CARD_RENDITIONS = ("fill-480x300", "fill-960x600")
COVER_RENDITIONS = ("fill-480x320", "fill-960x640")
THUMBNAIL_RENDITIONS = ("fill-400x300", "fill-800x600")
INTRO_FEATURES = ["bold", "italic", "link"]


def _images(*filters):
    """A queryset of images whose renditions for these filters come in the same query batch."""
    return get_image_model().objects.prefetch_renditions(*filters)


def _with_renditions(pages, *filters):
    """``pages``, each image holding its renditions for ``filters`` (made now when missing): a
    listing kept for a whole publication (``published``) then renders with no rendition query.
    Without this, renditions missing when the listing was read (a fresh site) were looked up
    again on every view until the next publication."""
    pages = list(pages)
    for page in pages:
        if page.image is not None:
            page.image.get_renditions(*filters)
    return pages


def _paginate(request, items, per_page=PAGE_SIZE):
    paginator = Paginator(items, per_page)
    return paginator.get_page(request.GET.get("page"))


class HomePage(CachedPageMixin, Page):
    hero_title = models.CharField(_("hero title"), max_length=160, blank=True)
    hero_text = models.TextField(_("hero text"), blank=True, max_length=600)
    body = RichTextField(_("body"), blank=True)

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("hero_title"), FieldPanel("hero_text")], heading=_("Hero")),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("hero_text"), index.SearchField("body")]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        """Apart from the accounts and territories counted on each view, everything here changes
        only with a publication (or the site settings, a view restriction, an image): read once
        per publication (``home.cache.published``), the pages with their images and renditions.
        The next events are read again as soon as one of those kept has ended."""
        context = super().get_context(request, *args, **kwargs)
        context["key_figures"] = selectors.key_figures()
        context.update(published(f"home:{self.pk}", lambda: self._published_context(request), request))
        events = published(f"home-events:{self.pk}", self._next_events, fresh=_not_ended)
        context["next_events"] = events
        return context

    def _published_context(self, request):
        return {
            "directory_page": selectors.directory_page(),
            "latest_news": _with_renditions(
                public(NewsPage.objects.live())
                .descendant_of(self)
                .defer_streamfields()
                .select_related("image")
                .prefetch_related(Prefetch("image", queryset=_images(*CARD_RENDITIONS)))
                .order_by("-date", "-pk")[:3],
                *CARD_RENDITIONS,
            ),
            "featured_files": _with_renditions(
                public(ThematicFilePage.objects.live())
                .descendant_of(self)
                .defer_streamfields()
                .filter(featured=True)
                .prefetch_related(Prefetch("image", queryset=_images(*CARD_RENDITIONS)))
                .order_by("title")[:3],
                *CARD_RENDITIONS,
            ),
            "news_index": public(NewsIndexPage.objects.live()).defer_streamfields().first(),
            "event_index": public(EventIndexPage.objects.live()).defer_streamfields().first(),
            "partners": _partners(request),
        }

    def _next_events(self):
        return list(
            public(EventPage.objects.live())
            .descendant_of(self)
            .defer_streamfields()
            .filter(end__gte=timezone.now())
            .select_related("place")
            .order_by("start")[:4]
        )


def _not_ended(events):
    """The next events kept are still the next ones while none of them has ended (the next ones
    now are among those that were next then)."""
    now = timezone.now()
    return all(event.end >= now for event in events)


def _partners(request):
    """The partners' logos of the site settings, as the home page shows them: whether there are
    partners at all, and each one with a logo rendered (its block's template)."""
    from wagtail.models import Site

    site = Site.find_for_request(request)
    partners = PublicSiteSettings.for_site(site).partners if site is not None else []
    return {"any": bool(partners), "items": [block.render_as_block() for block in partners if block.value.get("logo")]}


class StandardPage(CachedPageMixin, Page):
    """Any content page (the programme and its projects, legal notices…)."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage", "home.SurveyPage", "home.StatisticsPage"]
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("image"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = (
            Page.objects.child_of(self).live().public().specific() if self.get_children_count() else []
        )
        return context


# --- News ----------------------------------------------------------------------------------


class NewsIndexPage(CachedPageMixin, RoutablePageMixin, Page):
    """The news, newest first, filtered by tag, with RSS 2.0 and Atom feeds."""

    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)

    cache_query_params = ("page", "tag")  # what the page reads from the query string
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage"]
    max_count = 1
    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("news index")

    def news_items(self):
        return (
            NewsPage.objects.live()
            .public()
            .child_of(self)
            .prefetch_related(Prefetch("image", queryset=_images(*CARD_RENDITIONS)), "tags")
            .order_by("-date", "-pk")
        )

    @path("")
    def index(self, request):
        items = self.news_items()
        tag = request.GET.get("tag", "").strip()
        if tag:
            items = items.filter(tags__slug=tag)
        context = self.get_context(request)
        context["news"] = _paginate(request, items)
        context["tag"] = tag
        context["tags"] = NewsPageTag.tags_for(NewsPage).order_by("name")
        return render(request, self.get_template(request), context)

    @path("rss/")
    def rss(self, request):
        from home.feeds import NewsRssFeed

        return NewsRssFeed()(request, index=self)

    @path("atom/")
    def atom(self, request):
        from home.feeds import NewsAtomFeed

        return NewsAtomFeed()(request, index=self)


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("home.NewsPage", related_name="tagged_items", on_delete=models.CASCADE)


class NewsPage(CachedPageMixin, Page):
    date = models.DateField(_("date"), default=datetime.date.today)
    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("One or two sentences, shown in the lists, on the home page and in the feeds."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(verbose_name=_("tags"), through=NewsPageTag, blank=True)

    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []
    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("tags")]),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")


# --- Press review --------------------------------------------------------------------------


class PressReviewPage(CachedPageMixin, Page):
    """What the press wrote about the network, filtered by year and publication."""

    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)

    cache_query_params = ("page", "annee", "publication")  # what the page reads from the query string
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.PressArticle"]
    max_count = 1
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("press review")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = PressArticle.objects.live().public().child_of(self).select_related("scan").order_by("-date", "-pk")
        year = request.GET.get("annee", "")
        publication = request.GET.get("publication", "")
        if year.isdigit():
            articles = articles.filter(date__year=int(year))
        if publication:
            articles = articles.filter(publication=publication)
        all_articles = PressArticle.objects.live().public().child_of(self)
        context["years"] = [d.year for d in all_articles.dates("date", "year", order="DESC")]
        context["publications"] = all_articles.order_by("publication").values_list("publication", flat=True).distinct()
        context["year"] = year
        context["publication"] = publication
        context["articles"] = _paginate(request, articles)
        return context


class PressArticle(CachedPageMixin, Page):
    publication = models.CharField(_("publication"), max_length=120)
    date = models.DateField(_("date of publication"))
    author = models.CharField(_("author"), max_length=120, blank=True)
    original_url = models.URLField(_("link to the original"), blank=True)
    scan = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("scanned article (PDF)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The article as it was printed, scanned: upload the PDF or choose it among the documents."),
    )
    excerpt = models.TextField(_("excerpt"), help_text=_("A few sentences of the article, quoted as published."))

    parent_page_types = ["home.PressReviewPage"]
    subpage_types = []
    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("publication"), FieldPanel("date"), FieldPanel("author")]),
        FieldPanel("excerpt"),
        FieldPanel("original_url"),
        FieldPanel("scan"),
    ]
    search_fields = Page.search_fields + [index.SearchField("excerpt"), index.SearchField("publication")]

    class Meta:
        verbose_name = _("press article")
        verbose_name_plural = _("press articles")


# --- Thematic files ------------------------------------------------------------------------


class ThematicFileIndexPage(CachedPageMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ThematicFilePage"]
    max_count = 1
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("thematic files index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["files"] = (
            ThematicFilePage.objects.live()
            .public()
            .child_of(self)
            .prefetch_related(Prefetch("image", queryset=_images(*CARD_RENDITIONS)), "attached_documents")
            .order_by("title")
        )
        return context


class ThematicFilePage(CachedPageMixin, Page):
    """A thematic file: a theme, a text, and its documents (syntheses, presentations, press)."""

    theme = models.CharField(_("theme"), max_length=120)
    summary = models.TextField(_("summary"), max_length=400)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    featured = models.BooleanField(
        _("featured on the home page"),
        default=False,
        help_text=_("The home page shows three featured files, in alphabetical order."),
    )

    parent_page_types = ["home.ThematicFileIndexPage"]
    subpage_types = []
    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("theme"), FieldPanel("featured")]),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
        InlinePanel("attached_documents", label=_("documents"), heading=_("Documents of the file")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("theme"),
        index.SearchField("summary"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("thematic file")
        verbose_name_plural = _("thematic files")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["documents"] = self.attached_documents.select_related("document").all()
        return context


class ThematicFileDocument(Orderable):
    class Kind(models.TextChoices):
        SYNTHESIS = "synthesis", _("Study synthesis")
        PRESENTATION = "presentation", _("Presentation")
        PRESS = "press", _("Press article")
        OTHER = "other", _("Other document")

    page = ParentalKey(ThematicFilePage, on_delete=models.CASCADE, related_name="attached_documents")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.SYNTHESIS)

    panels = [FieldPanel("document"), FieldPanel("kind")]

    class Meta(Orderable.Meta):
        verbose_name = _("document of a thematic file")


# --- Agenda --------------------------------------------------------------------------------


class EventIndexPage(CachedPageMixin, RoutablePageMixin, Page):
    """The public agenda: upcoming and past events, a month view with a map, and an iCal feed.

    Every view takes the filters of ``home.agenda.AgendaFilter`` (territory, place, theme,
    audience) as GET parameters, and its links keep them: tabs, months, pages and the feed.
    """

    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.EventPage"]
    max_count = 1
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("agenda")

    def events(self):
        return EventPage.objects.live().public().child_of(self).select_related("place", "place__territory")

    def agenda_filter(self, request, events):
        from home.agenda import AgendaFilter

        return AgendaFilter(request.GET, queryset=events, index=self)

    def _render(self, request, events, agenda_filter, **extra):
        context = self.get_context(request)
        context.update(extra)
        context["events"] = events
        context["agenda_filter"] = agenda_filter
        context["filter_form"] = agenda_filter.form
        context["filter_query"] = agenda_filter.query_string()
        context["filter_labels"] = agenda_filter.active_labels()
        today = timezone.localdate()
        context["this_month"] = (today.year, today.month)
        return render(request, self.get_template(request), context)

    @path("")
    def upcoming(self, request):
        agenda_filter = self.agenda_filter(request, self.events().filter(end__gte=timezone.now()))
        events = _paginate(request, agenda_filter.qs.order_by("start"))
        return self._render(request, events, agenda_filter, view="upcoming", event_count=events.paginator.count)

    @path("passes/")
    def past(self, request):
        agenda_filter = self.agenda_filter(request, self.events().filter(end__lt=timezone.now()))
        events = _paginate(request, agenda_filter.qs.order_by("-start"))
        return self._render(request, events, agenda_filter, view="past", event_count=events.paginator.count)

    @path("mois/<int:year>/<int:month>/")
    def month(self, request, year, month):
        from home.agenda import map_data

        if not (1 <= month <= 12 and 2000 <= year <= 2100):
            raise Http404
        tz = timezone.get_current_timezone()
        first = datetime.datetime(year, month, 1, tzinfo=tz)
        last_day = calendar.monthrange(year, month)[1]
        after = first + datetime.timedelta(days=last_day)
        agenda_filter = self.agenda_filter(request, self.events().filter(start__lt=after, end__gte=first))
        events = list(agenda_filter.qs.order_by("start"))
        days = {}
        for event in events:
            days.setdefault(timezone.localtime(event.start).date(), []).append(event)
        previous = (year - 1, 12) if month == 1 else (year, month - 1)
        following = (year + 1, 1) if month == 12 else (year, month + 1)
        agenda_map = map_data(events, request)
        return self._render(
            request,
            events,
            agenda_filter,
            view="month",
            event_count=len(events),
            month_start=first.date(),
            days=sorted(days.items()),
            previous_month=previous,
            next_month=following,
            agenda_map=agenda_map,
            off_map_count=len(events) - sum(len(place["events"]) for place in agenda_map["places"]),
        )

    @path("ical/")
    def ical_feed(self, request):
        from home.ical import calendar_response

        agenda_filter = self.agenda_filter(request, self.events().filter(end__gte=timezone.now()))
        events = agenda_filter.qs.order_by("start")[:200]
        name = " – ".join([str(self.title), *agenda_filter.active_labels()])
        return calendar_response(request, events, name=name, filename="agenda-epm-lot.ics")


class EventPage(CachedPageMixin, RoutablePageMixin, Page):
    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        ADULTS = "adults", _("Adults")
        YOUTH = "youth", _("Young people")
        SENIORS = "seniors", _("Seniors")
        JOBSEEKERS = "jobseekers", _("Job seekers")
        PROFESSIONALS = "professionals", _("Animators and partners")

    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    place = models.ForeignKey(
        "directory.PlacePage",
        verbose_name=_("place of the directory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    location = models.CharField(
        _("other location"),
        max_length=200,
        blank=True,
        help_text=_("When the event is not in a place of the directory: address or 'online'."),
    )

    class Theme(models.TextChoices):
        DISCOVERY = "discovery", _("First steps with a computer")
        INTERNET = "internet", _("Internet and e-mail")
        OFFICE = "office", _("Office software")
        ONLINE_SERVICES = "online-services", _("Online public services")
        MOBILE = "mobile", _("Smartphone and tablet")
        PHOTO_VIDEO = "photo-video", _("Photo, video and sound")
        SAFETY = "safety", _("Security and privacy")
        EMPLOYMENT = "employment", _("Employment and training")
        CREATION = "creation", _("Creating a website or a blog")
        YOUTH = "youth", _("Young people and games")
        OTHER = "other", _("Other")

    class Registration(models.TextChoices):
        NONE = "none", _("Free entry, no registration")
        CONTACT = "contact", _("By phone or e-mail to the place")
        ONLINE = "online", _("Online, on this site")
        LINK = "link", _("On another site (registration link)")

    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices, blank=True)
    registration = models.CharField(
        _("registration"), max_length=10, choices=Registration.choices, default=Registration.NONE
    )
    capacity = models.PositiveSmallIntegerField(
        _("places available"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the number of places is not limited."),
    )
    contact = models.CharField(
        _("registration contact"),
        max_length=200,
        blank=True,
        help_text=_("A phone number or an e-mail address, when visitors register by phone or e-mail."),
    )
    registration_url = models.URLField(
        _("registration link"),
        blank=True,
        help_text=_("The address of the registration form, when visitors must register."),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="proposed_events",
    )
    series = models.UUIDField(
        _("series"),
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("The events proposed together as recurring dates share it."),
    )
    summary = models.TextField(_("summary"), max_length=400)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    parent_page_types = ["home.EventIndexPage"]
    subpage_types = []
    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")], heading=_("Date and time (Paris time)")),
        MultiFieldPanel([FieldPanel("place"), FieldPanel("location")], heading=_("Where")),
        FieldRowPanel([FieldPanel("audience"), FieldPanel("theme")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("registration"), FieldPanel("capacity")]),
                FieldPanel("contact"),
                FieldPanel("registration_url"),
            ],
            heading=_("Registration"),
        ),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("location"),
        index.FilterField("start"),
        index.FilterField("theme"),
        index.FilterField("audience"),
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The end must come after the start.")
        mode = self.registration
        if mode == self.Registration.LINK and not self.registration_url:
            errors["registration_url"] = _("Give the address where visitors register.")
        if mode == self.Registration.CONTACT and not self.contact:
            place = self.place if self.place_id else None
            if place is None or not (place.phone or place.email):
                errors["contact"] = _("Give a phone number or an e-mail address to register with.")
        if mode == self.Registration.ONLINE and not (self.capacity and self.capacity >= 1):
            errors["capacity"] = _("Online registration needs the number of places (at least 1).")
        if errors:
            raise ValidationError(errors)

    @property
    def location_label(self):
        if self.place_id and self.place:
            return f"{self.place.title}, {self.place.commune}"
        return self.location

    @property
    def is_past(self):
        return self.end < timezone.now()

    @property
    def registration_contact(self) -> str:
        """Whom to call or write to register: the event's own contact, else its place's."""
        if self.contact:
            return self.contact
        if self.place_id and self.place:
            return self.place.phone or self.place.email
        return ""

    @path("ical/")
    def ical(self, request):
        from home.ical import calendar_response

        return calendar_response(request, [self], name=str(self.title), filename=f"{self.slug}.ics")


# --- Gallery -------------------------------------------------------------------------------


class GalleryIndexPage(CachedPageMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.GalleryPage"]
    max_count = 1
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("gallery")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        albums = list(GalleryPage.objects.live().public().child_of(self).order_by("-date", "-pk"))
        covers = {}
        for item in GalleryImage.objects.filter(page__in=albums, sort_order=0).prefetch_related(
            Prefetch("image", queryset=_images(*COVER_RENDITIONS))
        ):
            covers[item.page_id] = item
        for album in albums:
            album.cover = covers.get(album.pk)
        context["albums"] = albums
        return context


class GalleryPage(CachedPageMixin, Page):
    date = models.DateField(_("date"), default=datetime.date.today)
    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    parent_page_types = ["home.GalleryIndexPage"]
    subpage_types = []
    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("intro"),
        InlinePanel("gallery_images", label=_("images"), heading=_("Images of the album"), min_num=1),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("photo album")
        verbose_name_plural = _("photo albums")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["photos"] = self.gallery_images.prefetch_related(
            Prefetch("image", queryset=_images(*THUMBNAIL_RENDITIONS, "max-1600x1200"))
        ).all()
        return context


class GalleryImage(Orderable):
    page = ParentalKey(GalleryPage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(_("caption"), max_length=250, blank=True)
    credit = models.CharField(
        _("credit"), max_length=120, blank=True, help_text=_("Who took the photograph (shown after ©).")
    )

    panels = [FieldPanel("image"), FieldPanel("caption"), FieldPanel("credit")]

    class Meta(Orderable.Meta):
        verbose_name = _("image of an album")


# --- Resources -----------------------------------------------------------------------------


class ResourceIndexPage(CachedPageMixin, Page):
    """The document library: the public Wagtail documents, by type (format) and theme (collection)."""

    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)

    cache_query_params = ("page", "theme", "type")  # what the page reads from the query string
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("resources")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        documents = selectors.public_documents()
        themes = selectors.document_themes()
        theme = request.GET.get("theme", "")
        kind = request.GET.get("type", "").lower()
        if theme.isdigit():
            documents = documents.filter(collection_id=int(theme))
        if kind:
            documents = documents.filter(file__iendswith="." + kind)
        context["themes"] = themes
        context["types"] = selectors.DOCUMENT_TYPES
        context["theme"] = theme
        context["kind"] = kind
        context["documents"] = _paginate(request, documents, per_page=20)
        return context


# --- Statistics ----------------------------------------------------------------------------


class StatisticsPage(CachedPageMixin, Page):
    """Key figures computed from live data, then charts the officer edits."""

    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)
    body = StreamField(BaseStreamBlock(), verbose_name=_("charts and comments"), blank=True)

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = []
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("statistics page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["key_figures"] = selectors.key_figures()
        context["statistics"] = selectors.network_statistics()
        context["scheme_figures"] = public_figures()  # what modules publish (core.figures)
        return context


# --- Surveys (Wagtail form builder) --------------------------------------------------------


class SurveyField(AbstractFormField):
    page = ParentalKey("home.SurveyPage", on_delete=models.CASCADE, related_name="form_fields")


CHOICE_FIELD_TYPES = {"dropdown", "radio", "checkboxes", "multiselect", "checkbox"}


class SurveyPage(RoutablePageMixin, AbstractEmailForm):
    """A questionnaire, a registration request or a contact form, built by the officer."""

    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)
    thank_you_text = RichTextField(_("thank-you text"), blank=True, features=INTRO_FEATURES)
    results_public = models.BooleanField(
        _("results visible to everyone"),
        default=False,
        help_text=_("Otherwise only editors of the site see the charts of the answers."),
    )

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = []
    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("questions")),
        FieldPanel("thank_you_text"),
        FieldPanel("results_public"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]), FieldPanel("subject")],
            heading=_("E-mail of each answer"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("survey or form")
        verbose_name_plural = _("surveys and forms")

    def may_see_results(self, request):
        if self.results_public:
            return True
        user = request.user
        return user.is_authenticated and self.permissions_for_user(user).can_edit()

    @path("")
    def index_route(self, request, *args, **kwargs):
        """The form itself (GET shows it, POST records the answer), as Wagtail's form pages serve it."""
        return AbstractEmailForm.serve(self, request, *args, **kwargs)

    @path("resultats/")
    def results(self, request):
        if not self.may_see_results(request):
            raise PermissionDenied
        context = self.get_context(request)
        context["results"] = selectors.survey_results(self)
        return render(request, "home/survey_results.html", context)


# --- Site settings -------------------------------------------------------------------------


@register_setting(icon="site")
class PublicSiteSettings(BaseSiteSetting):
    """The footer, the contact details and the partners' logos, edited by the officer."""

    footer_text = models.TextField(_("footer text"), blank=True, max_length=400)
    contact_name = models.CharField(_("contact: organisation"), max_length=160, blank=True)
    contact_address = models.TextField(_("contact: postal address"), blank=True, max_length=300)
    contact_phone = models.CharField(_("contact: phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact: e-mail"), blank=True)
    partners = StreamField(
        [("partner", PartnerBlock())],
        verbose_name=_("partners"),
        blank=True,
    )

    panels = [
        FieldPanel("footer_text"),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldPanel("contact_address"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_email"),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("partners"),
    ]

    class Meta:
        verbose_name = _("public site settings")
