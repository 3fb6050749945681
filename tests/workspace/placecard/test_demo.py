import pytest
from wagtail.models import WorkflowState

from core import roles
from core.demo import demo_email
from directory.models import PlacePage
from workspace.placecard import demo

pytestmark = pytest.mark.django_db


def test_the_demo_leaves_one_proposal_waiting_for_the_referent(cards, create_user):
    create_user(role=roles.ANIMATOR, email=demo_email("animateur12"), place=cards.gourdon)
    demo.load(log=lambda *a: None)
    demo.load(log=lambda *a: None)
    state = WorkflowState.objects.for_instance(cards.gourdon).get()
    assert state.status == "in_progress"
    draft = PlacePage.objects.get(pk=cards.gourdon.pk).get_latest_revision_as_object()
    assert "Dec 24" in draft.opening_hours and draft.opening_hours.endswith("PH off")
