"""iCalendar (RFC 5545) files of the agenda, made with the icalendar package."""

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event


def build_calendar(request, events, *, name):
    calendar = Calendar()
    calendar.add("prodid", "-//Maillage//Agenda des EPM du Lot//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone.get_current_timezone_name())
    host = request.get_host().split(":")[0]
    stamp = timezone.now()
    for page in events:
        event = Event()
        event.add("uid", f"evenement-{page.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", timezone.localtime(page.start))
        event.add("dtend", timezone.localtime(page.end))
        event.add("summary", page.title)
        event.add("description", page.summary)
        if page.location_label:
            event.add("location", page.location_label)
        event.add("url", request.build_absolute_uri(page.get_url(request)))
        if page.last_published_at:
            event.add("last-modified", page.last_published_at)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar


def calendar_response(request, events, *, name, filename):
    calendar = build_calendar(request, events, name=name)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
