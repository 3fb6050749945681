"""The people and places of the public workshops: two territories, a place in each, and a member
of every role the policy tells apart."""

import datetime
from types import SimpleNamespace

import pytest
from django.test import TestCase
from django.utils import timezone

from core import roles
from tests import factories
from tests.home import builders


def at(days=7, hour=14, hours=2):
    day = timezone.localdate() + datetime.timedelta(days=days)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))
    return start, start + datetime.timedelta(hours=hours)


FIELDS = {
    "title": "Découvrir sa tablette",
    "theme": "mobile",
    "audience": "seniors",
    "summary": "Allumer, se repérer, installer une application.",
    "capacity": None,
    "registration": "none",
    "contact": "",
    "registration_url": "",
}


@pytest.fixture
def world(db, create_user):
    from directory.services import territory_referent_assign
    from workspace.publishing.demo import workflow_ensure

    builders.event_index()
    workflow_ensure()
    north, south = factories.TerritoryFactory(name="Grand Figeac"), factories.TerritoryFactory(name="Causses")
    place = factories.place(north, title="Cyber-base de Figeac", phone="05 65 12 34 56")
    other = factories.place(south, title="EPM de Gramat")
    w = SimpleNamespace(place=place, other=other, north=north, south=south)
    w.animator = create_user(role=roles.ANIMATOR, place=place, first_name="Anne", email="anne@exemple.test")
    w.colleague = create_user(role=roles.ANIMATOR, place=place, first_name="Carole")
    w.stranger = create_user(role=roles.ANIMATOR, place=other, first_name="Bruno")
    w.member = create_user(first_name="Sans", last_name="Lieu")
    w.referent = create_user(first_name="Rémi")
    territory_referent_assign(user=w.referent, territory=north)
    w.referent_elsewhere = create_user(first_name="Rose")
    territory_referent_assign(user=w.referent_elsewhere, territory=south)
    w.officer = create_user(role=roles.COMMUNICATION, first_name="Hugo", email="hugo@exemple.test")
    w.coordinator = create_user(role=roles.COORDINATOR, first_name="Martine")
    return w


@pytest.fixture
def propose(world, django_capture_on_commit_callbacks):
    from workspace.publishing import services

    def make(actor=None, place=None, dates=None, execute=True, **fields):
        with django_capture_on_commit_callbacks(execute=execute):
            return services.event_propose(
                actor=actor or world.animator,
                place=place or world.place,
                fields={**FIELDS, **fields},
                dates=dates or [at()],
            )

    return make


def review(page, user, action, comment=""):
    """The reviewer's click in the Wagtail admin: the task's own action."""
    state = page.current_workflow_state
    task_state = state.current_task_state
    with TestCase.captureOnCommitCallbacks(execute=True):
        task_state.task.specific.on_action(task_state, user, action, comment=comment)
    page.refresh_from_db()
    return page


@pytest.fixture
def online_event(world, propose):
    """A published 5-place online workshop at the place."""
    page = propose(registration="online", capacity=5, title="Sécuriser ses comptes")[0]
    review(page, world.officer, "approve")
    return page
