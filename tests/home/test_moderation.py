"""The demo's moderation: the communications officer submits, the coordination approves."""

import pytest
from django.core.management import call_command
from wagtail.models import Workflow

from core import roles
from home import models

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def test_the_officer_edits_the_public_tree_but_cannot_publish(demo, create_user):
    officer = create_user(role=roles.COMMUNICATION)
    news_index = models.NewsIndexPage.objects.get()
    perms = news_index.permissions_for_user(officer)
    assert perms.can_add_subpage()
    assert perms.can_edit()
    assert not perms.can_publish()


def test_pages_of_the_public_tree_go_through_the_coordination_workflow(demo, create_user):
    from django.utils import timezone

    officer = create_user(role=roles.COMMUNICATION)
    coordinator = create_user(role=roles.COORDINATOR)
    news_index = models.NewsIndexPage.objects.get()
    workflow = news_index.get_workflow()
    assert workflow == Workflow.objects.get(name="Validation par la coordination")
    task = workflow.tasks.get().specific
    assert task.groups.filter(name=roles.GROUP_NAMES[roles.COORDINATOR]).exists()

    draft = models.NewsPage(
        title="Brouillon du chargé", slug="brouillon", summary="…", live=False, date=timezone.localdate()
    )
    news_index.add_child(instance=draft)
    draft.save_revision(user=officer)
    state = workflow.start(draft, officer)
    assert state.status == "in_progress"
    task_state = state.current_task_state
    task.on_action(task_state, coordinator, "approve")
    draft.refresh_from_db()
    assert draft.live


def test_site_settings_give_the_footer(demo, client):
    html = client.get("/").content.decode()
    assert "epm@demo.maillage.test" in html
