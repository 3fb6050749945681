from django import template
from django.urls import NoReverseMatch, reverse

from workspace.spaces import modules as registry
from workspace.spaces import selectors
from workspace.spaces.models import Space
from workspace.spaces.permissions import ADMINISTER, VIEW, policy

register = template.Library()


@register.inclusion_tag("workspace/nav.html", takes_context=True)
def workspace_nav(context, space=None, section=""):
    """The side navigation: the member's spaces, then the modules of the current space."""
    request = context["request"]
    user = request.user
    if not isinstance(space, Space):
        space = None
    spaces = selectors.side_spaces(user=user, request=request)
    modules = []
    can_admin = False
    if space is not None and policy.user_has_permission(user, VIEW, space):
        for module in registry.modules_for(space):
            if not module.nav:
                continue
            try:
                url = reverse(f"{module.slug}:index", kwargs={"slug": space.slug})
            except NoReverseMatch:
                continue
            modules.append({"module": module, "url": url, "active": section == module.slug})
        can_admin = space.kind != Space.Kind.PERSONAL and policy.user_has_permission(user, ADMINISTER, space)
    return {
        "request": request,
        "space": space,
        "section": section,
        "personal": [s for s in spaces if s.kind == Space.Kind.PERSONAL],
        "network": [s for s in spaces if s.kind == Space.Kind.NETWORK],
        "groups": [s for s in spaces if s.kind == Space.Kind.GROUP],
        "modules": modules,
        "can_admin": can_admin,
        "schemes": [
            {"module": m, "url": f"/espace/{m.root_segment}/", "active": section == m.slug}
            for m in registry.menu_modules(user)
        ],
    }


@register.simple_tag(takes_context=True)
def may(context, action, obj):
    """{% may "change" note as can_edit %}: ask the policy from a template."""
    return policy.user_has_permission_for_instance(context["request"].user, action, obj)


@register.simple_tag
def module_url(module_slug, space, name="index", **kwargs):
    try:
        return reverse(f"{module_slug}:{name}", kwargs={"slug": space.slug, **kwargs})
    except NoReverseMatch:
        return ""
