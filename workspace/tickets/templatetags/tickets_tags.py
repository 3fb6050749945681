from django import template
from django.urls import reverse
from django.utils.translation import pgettext_lazy

from workspace.tickets import permissions as policy

register = template.Library()


@register.simple_tag(takes_context=True)
def scheme_tabs(context):
    """The scheme's sections the member has something in, in the order of the work."""
    user = context["request"].user
    manager = policy.is_manager(user)
    prescriber = bool(policy.organisation_ids(user))
    place = policy.partner_place(user) is not None
    tabs = [
        ("index", pgettext_lazy("tickets menu", "Overview"), True),
        ("list", pgettext_lazy("tickets menu", "Tickets"), True),
        ("issue", pgettext_lazy("tickets menu", "Issue"), prescriber),
        ("register", pgettext_lazy("tickets menu", "Register"), place),
        ("sessions", pgettext_lazy("tickets menu", "Sessions"), place),
        ("claims", pgettext_lazy("tickets menu", "Payments"), manager or place),
        ("catalogue", pgettext_lazy("tickets menu", "Catalogue"), True),
        ("dashboard", pgettext_lazy("tickets menu", "Figures"), True),
    ]
    return [{"name": name, "label": label, "url": reverse(f"tickets:{name}")} for name, label, shown in tabs if shown]


@register.filter
def status_class(status: str) -> str:
    return f"tk-status tk-status-{status}"
