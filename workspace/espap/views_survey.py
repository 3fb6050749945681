"""The satisfaction survey's pages: the public form (no account: /espap/enquete/<site>/), the
poster that invites to it, the results each member may read, and the coordinator's period.
The rules are in ``survey``; these views read the request and say the outcome."""

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from workspace.espap import permissions as policy
from workspace.espap import survey
from workspace.espap.forms_survey import HONEYPOT, PeriodForm, ResultsFilterForm, SurveyForm
from workspace.espap.models import SurveyPeriod
from workspace.espap.services import EspapError
from workspace.espap.shortcuts import require, site_or_404

SECTION = "espap"


def _public(response):
    response["X-Robots-Tag"] = "noindex"
    return response


def survey_url(site) -> str:
    """The survey's absolute address (the poster's QR code holds it)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("espap-public:survey", args=[site.pk])


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def survey_form(request, site):
    """The public survey of one esp@p site, open during its period; anonymous."""
    place = policy.sites().filter(pk=site).first()
    if place is None:
        raise Http404
    today = timezone.localdate()
    period = survey.period_for(place)
    context = {"site": place, "period": period, "question_count": survey.QUESTION_COUNT}
    if "merci" in request.GET:
        return _public(render(request, "espap/survey_thanks.html", context))
    if period is None or not period.is_open(today):
        context["upcoming"] = period is not None and period.opens_on > today
        return _public(render(request, "espap/survey_closed.html", context))
    status = 200
    if request.method == "POST":
        thanks = redirect(reverse("espap-public:survey", args=[place.pk]) + "?merci=1")
        if request.POST.get(HONEYPOT):
            return thanks  # a robot filled the invisible field: say thanks, keep nothing
        form = SurveyForm(request.POST, site=place)
        if form.is_valid():
            if survey.throttled(request.META.get("REMOTE_ADDR", "")):
                form.add_error(None, _("Many answers came from this connection: please try again in an hour."))
                status = 429
            else:
                try:
                    survey.answer_submit(site=place, cleaned=form.answers(), day=today)
                except EspapError as error:
                    form.add_error(None, error.message)
                    status = 400
                else:
                    return thanks
        else:
            status = 400
    else:
        form = SurveyForm(site=place)
    return _public(render(request, "espap/survey_form.html", {**context, "form": form}, status=status))


@login_required
def poster(request, pk):
    """The A4 poster of a site's survey, with its QR code: for any member who sees the site."""
    site = site_or_404(request.user, pk)
    pdf = survey.poster_pdf(site=site, url=survey_url(site), period=survey.period_for(site))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="enquete-satisfaction-{slugify(site.title) or site.pk}.pdf"'
    return response


@login_required
def results(request):
    """The figures of the answers the member may read (``survey.answers_for``), between two
    optional days."""
    require(request.user, policy.VIEW)
    filters = ResultsFilterForm(request.GET or None)
    start, end = filters.dates() if filters.is_bound else (None, None)
    figures = survey.results(survey.answers_for(request.user), start, end)
    sites = list(survey.sites_for(request.user))
    periods = survey.periods_by_site(sites)
    today = timezone.localdate()
    rows = [
        {
            "site": site,
            "period": periods[site.pk],
            "open": periods[site.pk] is not None and periods[site.pk].is_open(today),
            "url": survey_url(site),
        }
        for site in sites
    ]
    context = {
        "section": SECTION,
        "fig": figures,
        "filters": filters,
        "start": start,
        "end": end,
        "sites": rows,
        "sets_period": policy.can(request.user, policy.SURVEY),
    }
    return render(request, "espap/survey_results.html", context)


def _default_dates(today):
    return {"opens_on": today, "closes_on": today + relativedelta(months=survey.DEFAULT_MONTHS)}


@login_required
def period(request):
    """The coordinator sets the network's period and, for some sites, their own."""
    require(request.user, policy.SURVEY)
    today = timezone.localdate()
    current = survey.network_period()
    initial = {"opens_on": current.opens_on, "closes_on": current.closes_on} if current else _default_dates(today)
    network_form = PeriodForm(prefix="network", initial=initial)
    site_form = PeriodForm(prefix="site", with_site=True, initial=_default_dates(today))
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "clear":
            site_id = request.POST.get("site", "")
            site = policy.sites().filter(pk=site_id).first() if site_id.isdigit() else None
            if site is None:
                messages.error(request, _("Choose an esp@p site."))
            else:
                survey.period_clear(actor=request.user, site=site)
                messages.success(request, _("%(site)s follows the network's period again.") % {"site": site.title})
            return redirect("espap:survey-period")
        if action not in ("network", "site"):
            messages.error(request, _("Nothing was changed."))
            return redirect("espap:survey-period")
        if action == "network":
            form = network_form = PeriodForm(request.POST, prefix="network")
        else:
            form = site_form = PeriodForm(request.POST, prefix="site", with_site=True)
        if form.is_valid():
            site = form.cleaned_data.get("site")
            try:
                saved = survey.period_set(
                    actor=request.user,
                    site=site,
                    opens_on=form.cleaned_data["opens_on"],
                    closes_on=form.cleaned_data["closes_on"],
                )
            except EspapError as error:
                form.add_error("closes_on" if error.code == "dates" else None, error.message)
            else:
                where = site.title if site else _("every esp@p site")
                messages.success(
                    request,
                    _("The survey of %(where)s is open from %(start)s to %(end)s.")
                    % {
                        "where": where,
                        "start": survey.long_date(saved.opens_on),
                        "end": survey.long_date(saved.closes_on),
                    },
                )
                return redirect("espap:survey-period")
        messages.error(request, _("The period was not saved: please correct the fields shown."))
    sites = list(policy.sites().order_by("title"))
    own = {row.site_id: row for row in SurveyPeriod.objects.filter(site__in=sites)}
    network = survey.network_period()
    rows = [
        {
            "site": site,
            "own": own.get(site.pk),
            "period": own.get(site.pk) or network,
        }
        for site in sites
    ]
    for row in rows:
        row["open"] = row["period"] is not None and row["period"].is_open(today)
    context = {
        "section": SECTION,
        "network": network,
        "network_form": network_form,
        "site_form": site_form,
        "rows": rows,
        "today": today,
        "months": survey.DEFAULT_MONTHS,
    }
    return render(request, "espap/survey_period.html", context, status=400 if request.method == "POST" else 200)
