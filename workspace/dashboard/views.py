"""The desk (a member's personal space) and the home of a group or of the network space."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from workspace.dashboard import registry, selectors, services
from workspace.spaces import selectors as space_selectors
from workspace.spaces import services as space_services
from workspace.spaces.models import Space
from workspace.spaces.permissions import ADMINISTER, policy
from workspace.spaces.shortcuts import space_or_404


def _render_home(request, space, template, **extra):
    can_arrange = policy.user_has_permission(request.user, ADMINISTER, space)
    editing = can_arrange and request.GET.get("disposer") == "1"
    placed = selectors.desk_widgets(request=request, space=space)
    context = {
        "space": space,
        "placed": placed,
        "can_arrange": can_arrange,
        "editing": editing,
        "addable": registry.available_for(space) if editing else [],
        "count_choices": registry.COUNT_CHOICES,
        "section": "home",
        **extra,
    }
    return render(request, template, context)


def _place_title(request, place_id) -> str:
    """The title of the member's place, under their name: read once per publication (a title
    changes only when the place's page is published), so the desk asks no query for it."""
    from directory.models import PlacePage
    from home.cache import published

    if not place_id:
        return ""
    return published(
        f"place-title-{place_id}",
        lambda: PlacePage.objects.filter(pk=place_id).values_list("title", flat=True).first() or "",
    )


@login_required
def desk(request):
    space = space_selectors.personal_space(user=request.user)
    if space is None:  # accounts made before spaces existed
        space = space_services.member_spaces_ensure(user=request.user)
    return _render_home(request, space, "dashboard/desk.html", place_title=_place_title(request, request.user.place_id))


def space_home(request, space):
    """The home of a group or of the network space, for its readers (``Module.home``: the
    spaces' view decides who reads it and shows the others the group's presentation)."""
    return _render_home(request, space, "dashboard/space_home.html")


@login_required
@require_POST
def layout_edit(request, slug):
    """Add, remove, move, configure or reorder widgets. Plain forms (no script needed) and the
    drag-and-drop script (JSON ``{"order": [keys]}``) both post here."""
    space = space_or_404(request, slug, ADMINISTER)
    user = request.user
    is_json = request.content_type == "application/json"
    try:
        if is_json:
            try:
                payload = json.loads(request.body or b"{}")
                keys = [str(k) for k in payload.get("order", [])]
            except (ValueError, AttributeError, TypeError):
                return JsonResponse({"error": "bad_request"}, status=400)
            items = services.layout_reorder(space=space, actor=user, keys=keys)
            return JsonResponse({"order": [item["key"] for item in items]})
        action = request.POST.get("action")
        key = request.POST.get("key", "")
        if action == "add":
            services.widget_add(space=space, actor=user, widget=request.POST.get("widget", ""))
        elif action == "remove":
            services.widget_remove(space=space, actor=user, key=key)
        elif action in ("up", "down"):
            services.widget_move(space=space, actor=user, key=key, offset=-1 if action == "up" else 1)
        elif action == "count":
            try:
                count = int(request.POST.get("count", ""))
            except ValueError:
                count = 0
            services.widget_configure(space=space, actor=user, key=key, count=count)
        elif action == "reset":
            services.layout_save(space=space, actor=user, items=registry.default_layout(space))
        else:
            raise ValidationError("?")
    except ValidationError as error:
        if is_json:
            return JsonResponse({"error": " ".join(error.messages)}, status=400)
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        raise
    target = "workspace-home" if space.kind == Space.Kind.PERSONAL else None
    url = redirect(target) if target else redirect("spaces:detail", slug=space.slug)
    url["Location"] += "?disposer=1" + (f"#w-{key}" if request.POST.get("key") else "")
    return url
