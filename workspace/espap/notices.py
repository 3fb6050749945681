"""What the people of an appointment are told, after the commit: an e-mail carrying an iCalendar
invitation (METHOD:REQUEST, or METHOD:CANCEL when it is called off, with the same UID so the
calendar replaces or removes the event) to the inhabitant when they gave an address, the advisor
and the site's mediators; and a notification in the bell of the members concerned.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from core.notify import notify

logger = logging.getLogger(__name__)


def base_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def mediators_of(site):
    from core import roles
    from workspace.people.models import User

    return [
        user
        for user in User.objects.filter(place=site, is_active=True).prefetch_related("groups")
        if roles.has_role(user, roles.ANIMATOR)
    ]


def _when(appointment) -> str:
    return timezone.localtime(appointment.slot.starts_at).strftime("%d/%m/%Y %H:%M")


def ics(appointment, *, cancel: bool = False) -> bytes:
    """The appointment as an iCalendar invitation."""
    cal = Calendar()
    cal.add("prodid", "-//Maillage//esp@p//FR")
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if cancel else "REQUEST")
    event = Event()
    event.add("uid", f"espap-{appointment.pk}@maillage")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", appointment.slot.starts_at)
    event.add("dtend", appointment.slot.ends_at)
    event.add(
        "summary",
        _("Video appointment %(agency)s at %(site)s")
        % {"agency": appointment.agency.code.upper(), "site": appointment.site.title},
    )
    event.add(
        "location", vText(f"{appointment.site.title}, {appointment.site.address} {appointment.site.commune}".strip())
    )
    event.add("description", _("Bring: %(documents)s") % {"documents": appointment.documents or "—"})
    event.add("url", base_url() + appointment.get_absolute_url())
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    event.add("sequence", int(timezone.now().timestamp()) // 60 % 100000)
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = vText(appointment.site.title)
    event["organizer"] = organizer
    cal.add_component(event)
    return cal.to_ical()


def _recipients(appointment, *, inhabitant: bool = True) -> list[str]:
    addresses = [appointment.slot.advisor.user.email] + [m.email for m in mediators_of(appointment.site)]
    if inhabitant and appointment.email and not appointment.purged_at:
        addresses.append(appointment.email)
    return list(dict.fromkeys(a for a in addresses if a))


def _mail(appointment, subject: str, body: str, *, cancel: bool = False, inhabitant: bool = True) -> int:
    messages = []
    for address in _recipients(appointment, inhabitant=inhabitant):
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        message.attach(
            "rendez-vous.ics",
            ics(appointment, cancel=cancel),
            "text/calendar; method=" + ("CANCEL" if cancel else "REQUEST"),
        )
        messages.append(message)
    if messages:
        try:
            get_connection(fail_silently=False).send_messages(messages)
        except Exception:  # noqa: BLE001 - the appointment is stored; the mail is a courtesy
            logger.warning("Could not send the esp@p notices of appointment %s", appointment.pk, exc_info=True)
            return 0
    return len(messages)


def _body(appointment, lead: str) -> str:
    lines = [
        lead,
        "",
        _("When: %(when)s (%(minutes)s minutes)") % {"when": _when(appointment), "minutes": appointment.slot.minutes},
        _("Where: %(site)s, %(address)s %(commune)s")
        % {"site": appointment.site.title, "address": appointment.site.address, "commune": appointment.site.commune},
        _("With: %(agency)s, by video, helped by the place's mediator") % {"agency": appointment.agency.name},
    ]
    if appointment.documents:
        lines.append(_("Bring: %(documents)s") % {"documents": appointment.documents})
    if appointment.site.phone:
        lines.append(_("To change or cancel it, call the place: %(phone)s") % {"phone": appointment.site.phone})
    return "\n".join(lines)


def _notify_members(appointment, text: str, *, actor=None):
    users = [appointment.slot.advisor.user, *mediators_of(appointment.site)]
    users = [u for u in users if actor is None or u.pk != actor.pk]
    if users:
        notify(users=users, kind="espap", text=text, url=appointment.get_absolute_url(), actor=actor)


def _on_commit(fn):
    def wrapper(*args, **kwargs):
        transaction.on_commit(lambda: _run(fn, *args, **kwargs))

    return wrapper


def _run(fn, *args, **kwargs):
    with translation.override(settings.LANGUAGE_CODE):
        fn(*args, **kwargs)


@_on_commit
def confirmed_on_commit(appointment):
    _mail(
        appointment,
        _("Your esp@p appointment on %(when)s is confirmed") % {"when": _when(appointment)},
        _body(
            appointment, _("Your video appointment with %(agency)s is confirmed.") % {"agency": appointment.agency.name}
        ),
    )
    _notify_members(
        appointment,
        _("Appointment %(agency)s on %(when)s at %(site)s")
        % {"agency": appointment.agency.code.upper(), "when": _when(appointment), "site": appointment.site.title},
        actor=appointment.mediator,
    )


@_on_commit
def requested_on_commit(appointment):
    if appointment.email:
        message = EmailMessage(
            _("Your request for an esp@p appointment"),
            _body(
                appointment,
                _(
                    "We have received your request. The place will confirm it to you shortly; "
                    "until then it is not final."
                ),
            )
            + "\n\n"
            + _("To cancel it: %(url)s")
            % {"url": base_url() + reverse("espap-public:cancel", args=[appointment.token])},
            settings.DEFAULT_FROM_EMAIL,
            [appointment.email],
        )
        get_connection(fail_silently=True).send_messages([message])
    users = mediators_of(appointment.site)
    if users:
        notify(
            users=users,
            kind="espap",
            text=_("A visitor asks for an appointment %(agency)s on %(when)s: confirm it")
            % {"agency": appointment.agency.code.upper(), "when": _when(appointment)},
            url=appointment.get_absolute_url(),
        )


@_on_commit
def cancelled_on_commit(appointment, actor=None):
    _mail(
        appointment,
        _("Your esp@p appointment on %(when)s is cancelled") % {"when": _when(appointment)},
        _body(appointment, _("This appointment is cancelled: %(reason)s") % {"reason": appointment.reason}),
        cancel=True,
    )
    _notify_members(
        appointment,
        _("Appointment %(agency)s on %(when)s cancelled: %(reason)s")
        % {"agency": appointment.agency.code.upper(), "when": _when(appointment), "reason": appointment.reason},
        actor=actor,
    )


@_on_commit
def rescheduled_on_commit(old, new, actor=None):
    _mail(
        old,
        _("Your esp@p appointment on %(when)s is moved") % {"when": _when(old)},
        _body(
            old, _("This appointment is moved (%(reason)s) to %(when)s.") % {"reason": old.reason, "when": _when(new)}
        ),
        cancel=True,
    )
    _mail(
        new,
        _("Your esp@p appointment on %(when)s is confirmed") % {"when": _when(new)},
        _body(new, _("Your video appointment with %(agency)s is confirmed.") % {"agency": new.agency.name}),
    )
    _notify_members(
        new,
        _("Appointment %(agency)s moved from %(old)s to %(when)s")
        % {"agency": new.agency.code.upper(), "old": _when(old), "when": _when(new)},
        actor=actor,
    )


@_on_commit
def document_on_commit(document):
    from core.events import send_now

    appointment = document.appointment
    send_now(
        {"type": "call.document", "appointment": appointment.pk, "id": document.pk, "name": document.filename},
        groups=[f"call.{appointment.pk}"],
    )


def reminder(appointment) -> int:
    """The day-before reminder (the daily job): to everyone; says so when the inhabitant gave no
    address, so the mediator phones them."""
    body = _body(
        appointment,
        _("Reminder: your video appointment with %(agency)s is tomorrow.") % {"agency": appointment.agency.name},
    )
    if not appointment.email:
        body += "\n\n" + _("The inhabitant gave no e-mail address: phone them (%(phone)s) to remind them.") % {
            "phone": appointment.phone or "—"
        }
    return _mail(appointment, _("Reminder: esp@p appointment on %(when)s") % {"when": _when(appointment)}, body)
