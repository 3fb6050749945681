"""iCalendar output (the ``icalendar`` package): one event, or a member's private feed."""

from django.conf import settings
from icalendar import Calendar, vRecur
from icalendar import Event as VEvent


def calendar(events, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Maillage//Agenda//FR")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    for event in events:
        item = VEvent()
        item.add("uid", f"{event.uid}@maillage")
        item.add("summary", event.title)
        if event.all_day:
            item.add("dtstart", event.starts_at.date())
        else:
            item.add("dtstart", event.starts_at)
            item.add("dtend", event.ends_at)
        if event.description:
            item.add("description", event.description)
        if event.where:
            item.add("location", event.where)
        item.add("url", base + event.get_absolute_url())
        if event.recurrence:
            rule = {"freq": "WEEKLY" if event.recurrence == "weekly" else "MONTHLY"}
            if event.repeat_until:
                rule["until"] = event.repeat_until
            item.add("rrule", vRecur(rule))
        cal.add_component(item)
    return cal.to_ical()
