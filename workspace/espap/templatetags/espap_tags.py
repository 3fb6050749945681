from django import template
from django.urls import reverse
from django.utils.translation import pgettext_lazy

from workspace.espap import permissions as policy

register = template.Library()


@register.simple_tag(takes_context=True)
def espap_tabs(context):
    """The sections of esp@p the member has something in, in the order of the work."""
    user = context["request"].user
    advisor = policy.advisor_of(user) is not None
    mediator = policy.mediator_site_id(user) is not None
    validates = policy.can(user, policy.VALIDATE)
    tabs = [
        ("index", pgettext_lazy("espap menu", "Overview"), True),
        ("slots", pgettext_lazy("espap menu", "My slots"), advisor),
        ("book", pgettext_lazy("espap menu", "Book"), mediator),
        ("agenda", pgettext_lazy("espap menu", "Appointments"), True),
        ("grids", pgettext_lazy("espap menu", "Counting grids"), mediator or validates),
        ("sites", pgettext_lazy("espap menu", "Sites and label"), True),
        ("survey", pgettext_lazy("espap menu", "Survey"), validates or mediator or advisor),
        ("dashboard", pgettext_lazy("espap menu", "Figures"), policy.can(user, policy.DASHBOARD)),
    ]
    return [{"name": name, "label": label, "url": reverse(f"espap:{name}")} for name, label, shown in tabs if shown]


@register.filter
def status_class(status: str) -> str:
    return f"ep-status ep-status-{status}"


@register.filter
def isoweek(day) -> str:
    """A date's ISO week as the grid addresses spell it: ``2026-W05``."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"
