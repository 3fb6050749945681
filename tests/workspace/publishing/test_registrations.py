"""Online registration: the cap, the waiting list, moving up on a cancellation, duplicates, past
and unpublished workshops, the e-mails and the public page's figures."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from workspace.publishing import selectors, services
from workspace.publishing.models import Registration

pytestmark = pytest.mark.django_db


def _register(event, n, capture, **extra):
    with capture(execute=True):
        return services.registration_create(
            event=event, name=f"Visiteur {n}", email=f"visiteur{n}@exemple.test", consent_text="J'accepte.", **extra
        )


class TestRegistration:
    def test_cap_waiting_list_and_moving_up(self, world, online_event, django_capture_on_commit_callbacks):
        mail.outbox.clear()
        made = [_register(online_event, n, django_capture_on_commit_callbacks) for n in range(1, 7)]
        assert [r.status for r in made] == ["confirmed"] * 5 + ["waiting"]
        assert selectors.places_left(online_event) == 0
        confirmation = next(m for m in mail.outbox if m.to == ["visiteur1@exemple.test"])
        name, content, mimetype = confirmation.attachments[0]
        assert name.endswith(".ics") and mimetype.startswith("text/calendar") and "BEGIN:VEVENT" in str(content)
        assert made[0].token in confirmation.body
        waiting_mail = next(m for m in mail.outbox if m.to == ["visiteur6@exemple.test"])
        assert not waiting_mail.attachments

        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            promoted = services.registration_cancel(registration=made[2])
        assert promoted.pk == made[5].pk
        made[5].refresh_from_db()
        assert made[5].status == "confirmed" and made[5].promoted_at
        moved_up = next(m for m in mail.outbox if m.to == ["visiteur6@exemple.test"])
        assert moved_up.attachments and moved_up.attachments[0][0].endswith(".ics")
        assert selectors.places_left(online_event) == 0

    def test_the_same_email_twice_is_refused(self, world, online_event, django_capture_on_commit_callbacks):
        _register(online_event, 1, django_capture_on_commit_callbacks)
        with pytest.raises(ValidationError) as error:
            services.registration_create(
                event=online_event, name="Autre", email="VISITEUR1@exemple.test", consent_text="J'accepte."
            )
        assert "email" in error.value.message_dict
        assert Registration.objects.filter(event=online_event).count() == 1

    def test_past_or_unpublished_workshops_refuse_registration(self, world, online_event, propose):
        draft = propose(registration="online", capacity=3)[0]
        with pytest.raises(ValidationError):
            services.registration_create(event=draft, name="A", email="a@exemple.test", consent_text="x")
        past = timezone.now() - datetime.timedelta(days=1)
        type(online_event).objects.filter(pk=online_event.pk).update(start=past, end=past)
        with pytest.raises(ValidationError):
            services.registration_create(event=online_event, name="A", email="a@exemple.test", consent_text="x")
        response = Client().get(f"/ateliers/{online_event.pk}/inscription/")
        assert response.status_code == 200 and b'<form method="post" class="card pb-form"' not in response.content

    def test_an_animator_of_the_place_cancels_a_registrant(
        self, world, online_event, django_capture_on_commit_callbacks
    ):
        from django.core.exceptions import PermissionDenied

        item = _register(online_event, 1, django_capture_on_commit_callbacks)
        with pytest.raises(PermissionDenied):
            services.registration_cancel(registration=item, actor=world.stranger)
        services.registration_cancel(registration=item, actor=world.colleague)
        item.refresh_from_db()
        assert item.status == "cancelled" and item.cancelled_by == world.colleague


class TestPublicPages:
    def test_the_form_registers_then_the_link_cancels(self, world, online_event, client):
        event_page = client.get(online_event.url)
        assert f"/ateliers/{online_event.pk}/inscription/".encode() in event_page.content
        url = f"/ateliers/{online_event.pk}/inscription/"
        # missing consent and contact: said, and what was typed is kept
        response = client.post(url, {"name": "Jeanne Vidal"})
        assert response.status_code == 200 and b"Jeanne Vidal" in response.content
        assert not Registration.objects.exists()
        response = client.post(url, {"name": "Jeanne Vidal", "email": "jeanne@exemple.test", "consent": "on"})
        assert response.status_code == 200
        item = Registration.objects.get()
        assert item.status == "confirmed" and item.consent and item.consent_text
        again = client.post(url, {"name": "Jeanne Vidal", "email": "jeanne@exemple.test", "consent": "on"})
        assert again.status_code == 200 and Registration.objects.count() == 1
        cancel = f"/ateliers/annulation/{item.token}/"
        assert client.get(cancel).status_code == 200
        item.refresh_from_db()
        assert item.status == "confirmed"  # a GET (a mail scanner following the link) cancels nothing
        assert client.post(cancel).status_code == 302
        item.refresh_from_db()
        assert item.status == "cancelled"
        assert client.get("/ateliers/annulation/inconnu/").status_code == 404

    def test_the_honeypot_and_the_rate_limit(self, world, online_event, client):
        url = f"/ateliers/{online_event.pk}/inscription/"
        client.post(url, {"name": "Robot", "email": "r@exemple.test", "consent": "on", "website": "x"})
        assert not Registration.objects.exists()
        from workspace.publishing import views_public

        for _n in range(views_public.THROTTLE_COUNT):
            views_public.throttled("127.0.0.1")
        client.post(url, {"name": "Jeanne", "email": "j@exemple.test", "consent": "on"})
        assert not Registration.objects.exists()

    def test_the_event_page_shows_the_places_left_after_a_registration(
        self, world, online_event, django_capture_on_commit_callbacks, settings
    ):
        settings.PAGE_CACHE_SECONDS = 300
        visitor = Client()
        first = visitor.get(online_event.url).content.decode()
        _register(online_event, 1, django_capture_on_commit_callbacks)
        second = visitor.get(online_event.url).content.decode()
        assert "<strong>5 " in first
        assert "<strong>4 " in second  # the cache was purged: the figure moved

    def test_an_event_without_online_registration_has_no_form(self, world, propose, client):
        from tests.workspace.publishing.conftest import review

        page = review(propose(registration="none")[0], world.officer, "approve")
        assert client.get(f"/ateliers/{page.pk}/inscription/").status_code == 404
        assert client.get("/ateliers/999999/inscription/").status_code == 404
