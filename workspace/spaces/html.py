"""User HTML (notes, forum posts): sanitised with nh3 before it is stored, rendered as is."""

import re

import nh3
from django.utils.html import escape, linebreaks

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "h3",
    "h4",
    "code",
    "pre",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "blockquote": {"cite"}}
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


def sanitize(value: str) -> str:
    """Plain text becomes paragraphs; HTML keeps only harmless tags; links get rel=noopener."""
    value = (value or "").strip()
    if not value:
        return ""
    if not _TAG.search(value):
        value = linebreaks(escape(value))
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def to_text(value: str) -> str:
    return nh3.clean(value or "", tags=set()).strip()
