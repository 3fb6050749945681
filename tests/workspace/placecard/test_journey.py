"""An animator proposes a change to their place's card; the referent approves it (publishing it)
or asks for changes (the animator reads the comment and proposes again); each is told."""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from directory.models import PlacePage
from tests.workspace.placecard.conftest import HOURS, form_data
from workspace.notifications.models import Notification
from workspace.placecard import services
from workspace.placecard.forms import PlaceCardForm

pytestmark = pytest.mark.django_db

NEW_HOURS = "Mo-Fr 09:30-12:00,14:00-17:30; 2026 Dec 24-2027 Jan 02 off; PH off"


def edit_url(place):
    return reverse("placecard:edit", args=[place.pk])


def card_url(place):
    return reverse("placecard:card", args=[place.pk])


def propose(client, place, **overrides):
    data = form_data(**overrides)
    return client.post(edit_url(place), data)


class TestForm:
    def test_the_existing_hours_fill_the_simple_form(self, cards):
        form = PlaceCardForm(instance=PlacePage.objects.get(pk=cards.figeac.pk))
        assert not form.advanced_only
        assert form["mo_am_start"].value().strftime("%H:%M") == "09:00"
        assert form["fr_pm_end"].value().strftime("%H:%M") == "18:00"
        assert form["sa_am_end"].value().strftime("%H:%M") == "12:00"
        assert form["sa_pm_start"].value() is None and form["su_am_start"].value() is None

    def test_the_simple_form_builds_the_osm_text_and_reads_it_back(self, cards):
        data = form_data(
            mo_am_start="09:30",
            tu_am_start="09:30",
            we_am_start="09:30",
            th_am_start="09:30",
            fr_am_start="09:30",
            closure_0_start="2026-12-24",
            closure_0_end="2027-01-02",
            holidays_closed="on",
        )
        data = {k: v for k, v in data.items() if k not in {"sa_am_start", "sa_am_end"}}
        for code in ("mo", "tu", "we", "th", "fr"):
            data[f"{code}_pm_end"] = "17:30"
        form = PlaceCardForm(data, instance=PlacePage.objects.get(pk=cards.figeac.pk))
        assert form.is_valid(), form.errors
        assert form.changes()["opening_hours"] == NEW_HOURS
        place = PlacePage.objects.get(pk=cards.figeac.pk)
        place.opening_hours = NEW_HOURS
        again = PlaceCardForm(instance=place)
        assert again["closure_0_start"].value().isoformat() == "2026-12-24"
        assert again["closure_0_end"].value().isoformat() == "2027-01-02"
        assert again["holidays_closed"].value() is True
        assert again["mo_am_start"].value().strftime("%H:%M") == "09:30"

    def test_hours_the_simple_form_cannot_show_are_edited_as_text(self, cards):
        place = PlacePage.objects.get(pk=cards.figeac.pk)
        place.opening_hours = "Mo-Fr 09:00-12:00; Jul-Aug Mo-Fr 09:00-12:00,14:00-16:00"
        form = PlaceCardForm(instance=place)
        assert form.advanced_only
        assert form["raw_hours"].value() == place.opening_hours


class TestJourney:
    def test_a_proposal_waits_for_the_referent_and_the_public_page_keeps_the_live_hours(self, cards, client, login):
        login(cards.animator)
        response = propose(client, cards.figeac, raw_hours=NEW_HOURS)
        assert response.status_code == 302 and response["Location"] == card_url(cards.figeac)
        place = PlacePage.objects.get(pk=cards.figeac.pk)
        assert place.opening_hours == HOURS  # still the live value
        assert place.has_unpublished_changes
        assert place.get_latest_revision_as_object().opening_hours == NEW_HOURS
        state = WorkflowState.objects.for_instance(place).get()
        assert state.status == "in_progress" and state.workflow.name == "Fiches des lieux — Grand-Figeac"
        page = client.get(card_url(place)).content.decode()
        assert "En attente de validation par le référent" in page
        assert (
            "Ouvert" not in client.get(place.url).content.decode()
            or "9 h 30" not in client.get(place.url).content.decode()
        )

    def test_the_referent_approves_and_the_change_is_public(self, cards, client, login):
        login(cards.animator)
        propose(client, cards.figeac, raw_hours=NEW_HOURS)
        client.logout()
        login(cards.referent)
        response = client.post(reverse("placecard:moderate", args=[cards.figeac.pk]), {"decision": "approve"})
        assert response.status_code == 302
        place = PlacePage.objects.get(pk=cards.figeac.pk)
        assert place.opening_hours == NEW_HOURS and not place.has_unpublished_changes
        public = client.get(place.url).content.decode()
        assert "Fermé les jours fériés" in public and "de 9 h 30 à 12 h" in public
        client.logout()
        login(cards.animator)
        assert "Validée" in client.get(card_url(place)).content.decode()

    def test_approving_in_the_wagtail_task_publishes_too(self, cards):
        place = PlacePage.objects.get(pk=cards.figeac.pk)
        services.place_card_propose(user=cards.animator, place=place, changes={"opening_hours": NEW_HOURS})
        task_state = place.current_workflow_task_state
        task_state.task.specific.on_action(task_state.specific, cards.referent, "approve", comment="")
        assert PlacePage.objects.get(pk=place.pk).opening_hours == NEW_HOURS

    def test_changes_requested_return_the_comment_and_a_new_proposal_resumes(self, cards, client, login):
        login(cards.animator)
        propose(client, cards.figeac, raw_hours=NEW_HOURS)
        client.logout()
        login(cards.referent)
        client.post(
            reverse("placecard:moderate", args=[cards.figeac.pk]),
            {"decision": "reject", "comment": "Le samedi manque."},
        )
        client.logout()
        login(cards.animator)
        page = client.get(card_url(cards.figeac)).content.decode()
        assert "Modifications demandées" in page and "Le samedi manque." in page
        assert PlacePage.objects.get(pk=cards.figeac.pk).opening_hours == HOURS
        propose(client, cards.figeac, raw_hours=NEW_HOURS + "; Sa 09:00-12:00")
        state = WorkflowState.objects.for_instance(cards.figeac).get()
        assert state.status == "in_progress"

    def test_request_changes_needs_a_comment(self, cards, client, login):
        services.place_card_propose(user=cards.animator, place=cards.figeac, changes={"opening_hours": NEW_HOURS})
        login(cards.referent)
        response = client.post(
            reverse("placecard:moderate", args=[cards.figeac.pk]), {"decision": "reject"}, follow=True
        )
        assert "Indiquez ce qui doit être modifié." in response.content.decode()
        assert WorkflowState.objects.for_instance(cards.figeac).get().status == "in_progress"

    def test_bad_hours_are_shown_again_with_a_message(self, cards, client, login):
        login(cards.animator)
        response = propose(client, cards.figeac, raw_hours="lundi matin")
        assert response.status_code == 200
        body = response.content.decode()
        assert "lundi matin" in body and "OpenStreetMap" in body
        response = propose(client, cards.figeac, mo_am_start="12:00", mo_am_end="09:00")
        assert response.status_code == 200
        assert "L&#x27;heure de fermeture doit suivre" in response.content.decode()
        assert not WorkflowState.objects.for_instance(cards.figeac).exists()

    def test_a_second_proposal_while_waiting_replaces_the_first(self, cards):
        services.place_card_propose(user=cards.animator, place=cards.figeac, changes={"opening_hours": NEW_HOURS})
        services.place_card_propose(user=cards.colleague, place=cards.figeac, changes={"summary": "Nouveau"})
        states = WorkflowState.objects.for_instance(cards.figeac)
        assert states.filter(status="in_progress").count() == 1
        draft = PlacePage.objects.get(pk=cards.figeac.pk).get_latest_revision_as_object()
        assert draft.summary == "Nouveau" and draft.opening_hours == NEW_HOURS


class TestNotifications:
    def test_the_referent_is_told_of_a_proposal_and_the_animators_of_the_answer(self, cards):
        services.place_card_propose(user=cards.animator, place=cards.figeac, changes={"opening_hours": NEW_HOURS})
        told = Notification.objects.filter(kind="placecard")
        assert set(told.values_list("user__email", flat=True)) == {cards.referent.email}
        services.place_card_moderate(user=cards.referent, place=cards.figeac, approve=False, comment="Précisez.")
        answer = told.filter(user=cards.animator).get()
        assert "Précisez." in answer.text
        assert told.filter(user=cards.colleague).exists()
        services.place_card_propose(user=cards.animator, place=cards.figeac, changes={"opening_hours": NEW_HOURS})
        services.place_card_moderate(user=cards.referent, place=cards.figeac, approve=True)
        assert told.filter(user=cards.animator, text__contains="validées").exists()
        assert not told.filter(user=cards.other_animator).exists()
