"""Template helpers of the public site."""

import json
import uuid

from django import template
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

register = template.Library()

SLICE_CHARTS = {"pie", "doughnut", "bar_horizontal"}


@register.simple_tag
def chart_table(chart):
    """The data of a wagtailcharts chart as a table, for those who cannot see the canvas."""
    result = {"uid": uuid.uuid4().hex[:10], "series": [], "rows": []}
    try:
        payload = json.loads(chart.get("datasets") or "{}")
        data = payload.get("data") or []
        titles = (payload.get("options") or {}).get("title") or []
    except (ValueError, AttributeError):
        return result
    if not data:
        return result
    if chart.get("chart_type") in SLICE_CHARTS:
        result["series"] = [_("Value")]
        result["rows"] = [
            {"label": titles[j] if j < len(titles) else "", "values": data[j][:1]} for j in range(1, len(data))
        ]
    else:
        result["series"] = [titles[j] if j < len(titles) else "" for j in range(1, len(data))]
        result["rows"] = [
            {"label": label, "values": [row[i] if i < len(row) else "" for row in data[1:]]}
            for i, label in enumerate(data[0])
        ]
    return result


@register.filter
def document_type(document):
    return (document.file_extension or "").upper()


@register.filter
def document_size(document):
    size = document.file_size
    return filesizeformat(size) if size else ""
