"""Proposals through Wagtail's workflow, from the animator's proposal to the public agenda."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils.translation import gettext as _

from tests.workspace.publishing.conftest import FIELDS, at, review
from workspace.notifications.models import Notification
from workspace.publishing import selectors, services

pytestmark = pytest.mark.django_db


def _public(path):
    return Client().get(path)


class TestPropose:
    def test_a_proposal_is_a_draft_in_the_agenda_workflow(self, world, propose):
        page = propose()[0]
        assert not page.live and page.proposed_by == world.animator
        state = page.current_workflow_state
        assert state.status == "in_progress" and state.requested_by == world.animator
        assert state.workflow.name == "Propositions d'ateliers des animateurs"
        assert selectors.proposal_state(page).code == "pending"
        assert _public(page.url or "/agenda/").status_code in (404, 200)
        assert "Découvrir sa tablette" not in _public("/agenda/").content.decode()

    def test_the_officer_is_told_a_proposal_awaits(self, world, propose):
        propose()
        assert Notification.objects.filter(user=world.officer, kind="publishing").exists()
        assert any(world.officer.email in m.to for m in mail.outbox)

    def test_recurring_dates_make_one_page_each_sharing_a_series(self, world, propose):
        pages = propose(dates=[at(7), at(14), at(21)])
        assert len(pages) == 3 and len({p.series for p in pages}) == 1 and pages[0].series
        # one review for the series: only the first date is in the workflow
        assert pages[0].current_workflow_state is not None
        assert pages[1].current_workflow_state is None
        review(pages[0], world.officer, "approve")
        for p in pages:
            p.refresh_from_db()
            assert p.live

    def test_an_animator_may_not_propose_for_another_place(self, world, propose):
        with pytest.raises(PermissionDenied):
            propose(place=world.other)

    def test_the_officer_may_propose_for_any_place(self, world, propose):
        assert propose(actor=world.officer, place=world.other)[0].place == world.other

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"registration": "link"}, "registration_url"),
            ({"registration": "online", "capacity": None}, "capacity"),
        ],
    )
    def test_registration_modes_need_their_details(self, world, propose, fields, field):
        with pytest.raises(ValidationError) as error:
            propose(**fields)
        assert field in error.value.message_dict

    def test_contact_mode_falls_back_on_the_place_phone(self, world, propose):
        assert propose(registration="contact")[0].registration == "contact"
        with pytest.raises(ValidationError):
            propose(place=world.other, actor=world.officer, registration="contact")

    def test_a_past_date_is_refused(self, world, propose):
        with pytest.raises(ValidationError):
            propose(dates=[at(-2)])


class TestReview:
    def test_changes_requested_then_resubmitted_then_approved(self, world, propose, django_capture_on_commit_callbacks):
        page = propose()[0]
        mail.outbox.clear()
        review(page, world.officer, "reject", comment="Précisez le matériel à apporter.")
        state = selectors.proposal_state(page)
        assert state.code == "changes" and state.comment == "Précisez le matériel à apporter."
        note = Notification.objects.get(user=world.animator, kind="publishing")
        assert note.text == _("Changes are requested on your workshop “%(title)s”.") % {"title": page.title}
        to_animator = [m for m in mail.outbox if world.animator.email in m.to]
        # one e-mail, the module's, leading to the workspace (not Wagtail's, whose links open the
        # admin the animator cannot use)
        assert len(to_animator) == 1 and "Précisez le matériel" in to_animator[0].body
        assert "/espace/ateliers/" in to_animator[0].body and "/admin/" not in to_animator[0].body

        with django_capture_on_commit_callbacks(execute=True):
            services.event_resubmit(
                actor=world.animator,
                event=page,
                fields={**FIELDS, "summary": "Apportez votre tablette chargée."},
                dates=[at(8)],
            )
        page.refresh_from_db()
        assert page.current_workflow_state.status == "in_progress"
        assert page.get_latest_revision().as_object().summary == "Apportez votre tablette chargée."
        mail.outbox.clear()
        review(page, world.officer, "approve")
        assert page.live and selectors.proposal_state(page).code == "published"
        assert len([m for m in mail.outbox if world.animator.email in m.to]) == 1
        published = _("Your workshop “%(title)s” is published on the agenda.") % {"title": page.title}
        assert Notification.objects.filter(user=world.animator, text=published).exists()

    def test_a_published_proposal_is_on_the_agenda_the_place_and_the_feed(self, world, propose):
        page = propose(title="Atelier photo numérique")[0]
        review(page, world.officer, "approve")
        from home.models import EventIndexPage

        index = EventIndexPage.objects.get()
        assert "Atelier photo numérique" in _public(index.url).content.decode()
        assert page in world.place.events.live()
        feed = _public(index.url + "ical/")
        assert feed.status_code == 200 and "Atelier photo numérique" in feed.content.decode()

    def test_a_refusal_ends_the_workflow_with_its_reason(self, world, propose):
        page = propose()[0]
        review(page, world.officer, "refuse", comment="Hors du champ de l'agenda.")
        state = selectors.proposal_state(page)
        assert state.code == "refused" and state.comment == "Hors du champ de l'agenda."
        assert page.current_workflow_state is None and not page.live
        refused = _("Your workshop “%(title)s” was refused.") % {"title": page.title}
        assert Notification.objects.filter(user=world.animator, text=refused).exists()
        # changed, it may be submitted again: a new workflow starts
        services.event_resubmit(actor=world.animator, event=page, fields=FIELDS, dates=[at(9)])
        assert selectors.proposal_state(page).code == "pending"

    def test_a_proposal_under_review_is_locked_but_may_be_withdrawn(self, world, propose):
        page = propose()[0]
        with pytest.raises(ValidationError):
            services.event_resubmit(actor=world.animator, event=page, fields=FIELDS, dates=[at(9)])
        services.event_withdraw(actor=world.colleague, event=page)
        assert selectors.proposal_state(page).code == "draft"
        with pytest.raises(PermissionDenied):
            services.event_withdraw(actor=world.stranger, event=page)

    def test_referents_review_when_the_coordinator_says_so(self, world, propose):
        from wagtail.models import TaskState

        from workspace.publishing.models import EventReviewTask

        EventReviewTask.objects.update(reviewers="referents")
        page = propose()[0]
        task = page.current_workflow_state.current_task_state.task.specific
        assert task.get_actions(page, world.referent)
        assert not task.get_actions(page, world.referent_elsewhere)
        assert not task.get_actions(page, world.officer)
        assert task.get_actions(page, world.coordinator)
        assert TaskState.objects.reviewable_by(world.referent).count() == 1
        assert TaskState.objects.reviewable_by(world.referent_elsewhere).count() == 0
        assert task.locked_for_user(page, world.animator)
        assert Notification.objects.filter(user=world.referent, kind="publishing").exists()
