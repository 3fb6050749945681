"""The demo loader: proposals in every state, registrants and a waiting list; a second run changes
nothing."""

import pytest
from django.test import TestCase

from core import roles
from core.demo import demo_email
from tests import factories
from tests.home import builders
from workspace.publishing import selectors
from workspace.publishing.models import Registration

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_shows_every_state(create_user):
    from home.models import EventPage
    from workspace.publishing import demo

    roles.ensure_groups()
    builders.event_index()
    create_user(role=roles.COMMUNICATION, email=demo_email("communication"))
    for n in (12, 3, 7):
        create_user(role=roles.ANIMATOR, email=demo_email(f"animateur{n}"), place=factories.place(phone="0565000000"))
    with TestCase.captureOnCommitCallbacks(execute=True):
        demo.load(log=lambda *a: None)
    with TestCase.captureOnCommitCallbacks(execute=True):
        demo.load(log=lambda *a: None)
    leads = {selectors.lead_of(p).pk for p in EventPage.objects.filter(proposed_by__isnull=False)}
    states = sorted(selectors.proposal_state(EventPage.objects.get(pk=pk)).code for pk in leads)
    assert states == ["changes", "pending", "published"]
    assert Registration.objects.filter(status="waiting").count() == 1
    assert Registration.objects.filter(status="confirmed").count() == 5
