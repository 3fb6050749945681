"""The pages of the appointments as their users meet them: an advisor publishes, a mediator
books, an inhabitant asks on the public site and cancels with their link; bad input re-displays
what was typed with the reason."""

import datetime

from django.urls import reverse
from django.utils import timezone

from tests.workspace.espap.conftest import INHABITANT
from workspace.espap.models import Appointment, Slot


def test_an_advisor_publishes_consecutive_weekly_slots_from_the_form(client, espap):
    client.force_login(espap.advisor)
    day = timezone.localdate() + datetime.timedelta(days=2)
    response = client.post(
        reverse("espap:slots"),
        {
            "day": day.isoformat(),
            "time": "09:00",
            "minutes": "30",
            "weeks": "3",
            "count": "4",
            "sites": [espap.assier.pk],
        },
        follow=True,
    )
    assert "12 créneaux publiés" in response.content.decode() or "12 slots published" in response.content.decode()
    assert Slot.objects.filter(advisor__user=espap.advisor).count() == 12
    # the same again overlaps: refused with the reason, nothing more published
    response = client.post(
        reverse("espap:slots"),
        {
            "day": day.isoformat(),
            "time": "09:00",
            "minutes": "30",
            "weeks": "1",
            "count": "1",
            "sites": [espap.assier.pk],
        },
    )
    assert response.status_code == 200 and Slot.objects.count() == 12
    assert response.context["form"].non_field_errors()


def test_a_slot_form_in_the_past_or_without_site_re_displays(client, espap):
    client.force_login(espap.advisor)
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("espap:slots"),
        {"day": yesterday, "time": "09:00", "minutes": "30", "weeks": "1", "count": "1", "sites": [espap.assier.pk]},
    )
    assert response.status_code == 200 and not Slot.objects.exists()
    assert response.context["form"]["day"].value() == yesterday
    response = client.post(
        reverse("espap:slots"), {"day": "", "time": "25:00", "minutes": "7", "weeks": "-1", "count": "x"}
    )
    assert response.status_code == 200 and set(response.context["form"].errors) >= {"day", "time", "minutes", "sites"}


def test_a_mediator_books_a_free_slot_and_lands_on_the_appointment(client, espap, make_slot):
    slot = make_slot()
    client.force_login(espap.mediator)
    listing = client.get(reverse("espap:book")).content.decode()
    assert reverse("espap:book-slot", args=[slot.pk]) in listing
    url = reverse("espap:book-slot", args=[slot.pk])
    typed = {k: v for k, v in INHABITANT.items()}
    response = client.post(url, typed)  # no consent: re-displayed, nothing lost
    assert response.status_code == 200 and response.context["form"]["name"].value() == "Jeanne Vidal"
    assert not Appointment.objects.exists()
    response = client.post(url, {**typed, "consent": "on"})
    a = Appointment.objects.get()
    assert response.status_code == 302 and response["Location"] == a.get_absolute_url()
    assert reverse("espap:book-slot", args=[slot.pk]) not in client.get(reverse("espap:book")).content.decode()
    # a slot of another site is not bookable here
    other = make_slot(days=2, sites=[espap.gourdon])
    assert client.get(reverse("espap:book-slot", args=[other.pk])).status_code == 404


def test_the_advisor_records_the_outcome_and_the_mediator_cancels_with_a_reason(client, espap, make_appointment):
    past = make_appointment(past=True)
    client.force_login(espap.advisor)
    client.post(
        reverse("espap:appointment-action", args=[past.pk, "issue"]),
        {"outcome-status": "no_show", "outcome-category": "", "outcome-note": "Rappeler"},
    )
    past.refresh_from_db()
    assert past.status == "no_show" and past.advisor_note == "Rappeler"
    upcoming = make_appointment(days=2)
    client.force_login(espap.mediator)
    response = client.post(
        reverse("espap:appointment-action", args=[upcoming.pk, "annuler"]), {"cancel-reason": ""}, follow=True
    )
    upcoming.refresh_from_db()
    assert upcoming.status == "confirmed" and response.status_code == 200
    client.post(reverse("espap:appointment-action", args=[upcoming.pk, "annuler"]), {"cancel-reason": "Malade"})
    upcoming.refresh_from_db()
    assert upcoming.status == "cancelled" and upcoming.reason == "Malade"


def test_the_invitation_file_is_a_calendar_event(client, espap, make_appointment):
    a = make_appointment()
    client.force_login(espap.mediator)
    response = client.get(reverse("espap:appointment-ics", args=[a.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in response.content and b"CAF" in response.content


def test_an_inhabitant_asks_on_the_public_page_and_cancels_with_their_link(
    client, espap, make_slot, mailoutbox, django_capture_on_commit_callbacks
):
    slot = make_slot(days=2)
    url = reverse("espap-public:request", args=[espap.assier.pk])
    page = client.get(url)
    assert page.status_code == 200 and "allocations familiales" in page.content.decode()
    response = client.post(url, {"slot": slot.pk, "name": "Paul Rigal", "subject": "Retraite", "consent": "on"})
    assert response.status_code == 200 and not Appointment.objects.exists()  # no way to reach them
    assert response.context["form"]["name"].value() == "Paul Rigal"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "slot": slot.pk,
                "name": "Paul Rigal",
                "email": "paul@example.org",
                "subject": "Retraite",
                "consent": "on",
            },
        )
    a = Appointment.objects.get()
    assert a.status == "requested" and a.source == "public"
    cancel_url = reverse("espap-public:cancel", args=[a.token])
    assert cancel_url in response.content.decode()
    assert any(cancel_url in m.body for m in mailoutbox if m.to == ["paul@example.org"])
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    client.post(cancel_url)
    a.refresh_from_db()
    assert a.status == "cancelled"
    assert client.get(reverse("espap-public:cancel", args=["not-a-token"])).status_code == 404


def test_the_public_page_exists_for_esp_p_sites_only_and_drops_robots(client, espap, make_slot):
    assert client.get(reverse("espap-public:request", args=[espap.figeac.pk])).status_code == 404
    assert client.get(reverse("espap-public:request", args=[999999])).status_code == 404
    slot = make_slot(days=2)
    url = reverse("espap-public:request", args=[espap.assier.pk])
    client.post(
        url,
        {"slot": slot.pk, "name": "Robot", "phone": "0600000000", "subject": "x", "consent": "on", "website": "spam"},
    )
    assert not Appointment.objects.exists()
    response = client.post(url, {"slot": "abc", "name": "x"})
    assert response.status_code == 200


def test_the_place_page_offers_the_appointment_and_the_survey(client, espap):
    page = client.get(espap.assier.url).content.decode()
    assert reverse("espap-public:request", args=[espap.assier.pk]) in page
    assert reverse("espap-public:survey", args=[espap.assier.pk]) in page
    assert reverse("espap-public:request", args=[espap.figeac.pk]) not in client.get(espap.figeac.url).content.decode()
