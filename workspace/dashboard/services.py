"""Writes on desk layouts. A member arranges their own desk; a group's admins its home."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workspace.dashboard import registry
from workspace.dashboard.models import Layout
from workspace.spaces.permissions import ADMINISTER, policy

MAX_WIDGETS = 20


def _new_key() -> str:
    return secrets.token_hex(4)


def layout_items(space) -> list[dict]:
    """The layout of ``space``: its saved one, or the default of its kind (each with a key)."""
    layout = Layout.objects.filter(space=space).first()
    if layout is not None:
        return [dict(item) for item in layout.items]
    return [{"key": f"d{i}", **item} for i, item in enumerate(registry.default_layout(space))]


def _clean(items: list[dict], space) -> list[dict]:
    allowed = {w.slug: w for w in registry.available_for(space)}
    clean, seen = [], set()
    for item in items:
        widget = allowed.get(item.get("widget"))
        key = str(item.get("key") or _new_key())[:16]
        if widget is None or key in seen:
            continue
        seen.add(key)
        count = item.get("count", widget.default_count)
        if count not in registry.COUNT_CHOICES:
            count = widget.default_count
        clean.append({"key": key, "widget": widget.slug, "count": count})
    return clean[:MAX_WIDGETS]


@transaction.atomic
def layout_save(*, space, actor, items: list[dict]) -> list[dict]:
    if not policy.user_has_permission(actor, ADMINISTER, space):
        raise PermissionDenied(_("You may not arrange this page."))
    items = _clean(items, space)
    Layout.objects.update_or_create(space=space, defaults={"items": items, "updated_at": timezone.now()})
    return items


def _index(items, key):
    for i, item in enumerate(items):
        if item["key"] == key:
            return i
    raise ValidationError(_("This widget is no longer on the page."))


def widget_add(*, space, actor, widget: str) -> list[dict]:
    if registry.get(widget) is None or widget not in {w.slug for w in registry.available_for(space)}:
        raise ValidationError(_("This widget cannot be added here."))
    items = layout_items(space)
    if len(items) >= MAX_WIDGETS:
        raise ValidationError(_("A page holds at most %(n)s widgets.") % {"n": MAX_WIDGETS})
    items.insert(0, {"key": _new_key(), "widget": widget, "count": registry.get(widget).default_count})
    return layout_save(space=space, actor=actor, items=items)


def widget_remove(*, space, actor, key: str) -> list[dict]:
    items = layout_items(space)
    del items[_index(items, key)]
    return layout_save(space=space, actor=actor, items=items)


def widget_move(*, space, actor, key: str, offset: int) -> list[dict]:
    items = layout_items(space)
    i = _index(items, key)
    j = max(0, min(len(items) - 1, i + offset))
    items.insert(j, items.pop(i))
    return layout_save(space=space, actor=actor, items=items)


def widget_configure(*, space, actor, key: str, count: int) -> list[dict]:
    if count not in registry.COUNT_CHOICES:
        raise ValidationError(_("Choose how many items to show."))
    items = layout_items(space)
    items[_index(items, key)]["count"] = count
    return layout_save(space=space, actor=actor, items=items)


def layout_reorder(*, space, actor, keys: list[str]) -> list[dict]:
    """Put the widgets in the order of ``keys`` (drag and drop); unknown keys are ignored."""
    items = layout_items(space)
    by_key = {item["key"]: item for item in items}
    ordered = [by_key.pop(k) for k in keys if k in by_key]
    ordered += [item for item in items if item["key"] in by_key]
    return layout_save(space=space, actor=actor, items=ordered)
