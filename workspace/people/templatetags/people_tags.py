from django import template
from django.urls import reverse

from directory.permissions import administrable_territories
from workspace.people.permissions import can_read_audit_log

register = template.Library()


@register.inclusion_tag("people/account_nav.html", takes_context=True)
def account_nav(context, section=""):
    """The member's own entries of the workspace navigation: their profile and, for a referent
    or the coordinator, the console of the territories they administer and the audit log. Asked
    once per request (the navigation is drawn once, but a page may draw it again)."""
    request = context["request"]
    entries = getattr(request, "_account_nav", None)
    if entries is None:
        territories = list(administrable_territories(request.user).order_by("name")[:2])
        if len(territories) == 1:
            territories_url = reverse("territory-console", kwargs={"slug": territories[0].slug})
        else:
            territories_url = reverse("territory-index") if territories else ""
        entries = {
            "territories_url": territories_url,
            "territory": territories[0] if len(territories) == 1 else None,
            "can_read_audit_log": can_read_audit_log(request.user),
        }
        request._account_nav = entries
    return {**entries, "section": section}
