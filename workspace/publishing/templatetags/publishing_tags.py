"""What the public event page shows of online registration: the places left."""

from django import template

register = template.Library()


@register.simple_tag
def places_left(event):
    from workspace.publishing.selectors import places_left as left

    return left(event)
