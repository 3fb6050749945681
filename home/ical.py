"""iCalendar (RFC 5545) files of the agenda, made with the icalendar package."""

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event


def _calendar(**properties):
    calendar = Calendar()
    calendar.add("prodid", "-//Maillage//Agenda des EPM du Lot//FR")
    calendar.add("version", "2.0")
    for name, value in properties.items():
        calendar.add(name.replace("_", "-"), value)
    return calendar


def event_component(page, *, host: str, url: str, location: str = "", stamp=None) -> Event:
    """One event of the agenda: the same UID in the feeds and in the files sent by e-mail, so a
    calendar application keeps one entry."""
    event = Event()
    event.add("uid", f"evenement-{page.pk}@{host}")
    event.add("dtstamp", stamp or timezone.now())
    event.add("dtstart", timezone.localtime(page.start))
    event.add("dtend", timezone.localtime(page.end))
    event.add("summary", page.title)
    event.add("description", page.summary)
    location = location or page.location_label
    if location:
        event.add("location", location)
    event.add("url", url)
    if page.last_published_at:
        event.add("last-modified", page.last_published_at)
    return event


def build_calendar(request, events, *, name):
    calendar = _calendar(calscale="GREGORIAN", x_wr_calname=name, x_wr_timezone=timezone.get_current_timezone_name())
    host = request.get_host().split(":")[0]
    stamp = timezone.now()
    for page in events:
        url = request.build_absolute_uri(page.get_url(request))
        calendar.add_component(event_component(page, host=host, url=url, stamp=stamp))
    calendar.add_missing_timezones()
    return calendar


def event_file(page, *, host: str, url: str, location: str = "") -> bytes:
    """One event as an .ics file to attach to an e-mail (METHOD:PUBLISH)."""
    calendar = _calendar(method="PUBLISH")
    calendar.add_component(event_component(page, host=host, url=url, location=location))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_response(request, events, *, name, filename):
    calendar = build_calendar(request, events, name=name)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
