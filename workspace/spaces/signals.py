"""What happens in spaces, for other modules (notifications) to react to without spaces
knowing them."""

from django.dispatch import Signal

# sender=Invitation; invitation=…  (an admin invited someone, or someone asked to join)
invitation_created = Signal()
# sender=Space; space=…, users=[…], days_left=int
group_archiving_soon = Signal()
# sender=Space; space=…
group_archived = Signal()
