from django import template

from directory import hours

register = template.Library()


@register.simple_tag
def card_hours(place):
    """The hours of ``place`` (live or proposed) in sentences, as the public page says them."""
    return hours.describe(place.opening_hours)
