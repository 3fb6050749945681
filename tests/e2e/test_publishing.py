"""Public workshops in the browser: an animator proposes a workshop, the communications officer
requests changes in the Wagtail admin, the animator changes and resubmits it, the officer
approves it and it is on the public agenda and its feed; then a 5-place online workshop fills up,
the sixth visitor waits, a registrant cancels through their e-mail link and the sixth moves up."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from core import roles
from tests import factories
from tests.e2e.conftest import assert_accessible
from tests.e2e.helpers import log_in
from tests.home import builders
from tests.workspace.publishing.conftest import FIELDS, at, review

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(create_user):
    from workspace.publishing.demo import workflow_ensure

    roles.ensure_groups()
    builders.event_index()
    workflow_ensure()
    place = factories.place(title="Cyber-base de Figeac", phone="05 65 12 34 56")
    animator = create_user(role=roles.ANIMATOR, place=place, first_name="Anne", email="anne@exemple.test")
    officer = create_user(role=roles.COMMUNICATION, first_name="Hugo", email="hugo@exemple.test", is_staff=True)
    return place, animator, officer


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_propose_review_change_resubmit_approve_publish(people, new_page, screenshot):
    from home.models import EventPage

    place, animator, officer = people
    page = new_page()
    log_in(page, animator)
    page.goto("/espace/ateliers/")
    assert_accessible(page)
    page.locator("a[href='/espace/ateliers/proposer/']").first.click()
    day = at(10)[0]
    page.locator("#id_title").fill("Initiation au smartphone")
    page.locator("#id_day").fill(day.strftime("%Y-%m-%d"))
    page.locator("#id_start_time").fill("14:00")
    page.locator("#id_end_time").fill("12:00")  # before the start: said, and nothing lost
    page.locator("#id_theme").select_option("mobile")
    page.locator("#id_summary").fill("Appels, messages, photos : les gestes essentiels.")
    page.locator("#id_registration").select_option("contact")
    page.locator("form.pb-form button[type=submit]").click()
    expect(page.locator(".field-error").first).to_be_visible()
    expect(page.locator("#id_title")).to_have_value("Initiation au smartphone")
    assert_accessible(page)
    screenshot(page, "form-errors")
    page.locator("#id_end_time").fill("16:00")
    page.locator("form.pb-form button[type=submit]").click()
    page.wait_for_url("**/espace/ateliers/")
    event = EventPage.objects.get(title="Initiation au smartphone")
    assert not event.live and event.current_workflow_state.status == "in_progress"
    expect(page.locator(".pb-state-pending")).to_be_visible()

    # The officer requests changes with a comment, in the Wagtail admin.
    admin = new_page()
    admin.goto("/compte/connexion/")
    admin.get_by_label("Adresse e-mail").fill(officer.email)
    admin.get_by_label("Mot de passe").fill(factories.PASSWORD)
    admin.get_by_role("button", name="Se connecter").click()
    admin.wait_for_load_state()
    admin.goto("/admin/")
    expect(admin.get_by_text("Initiation au smartphone").first).to_be_visible()  # "Awaiting your review"
    admin.goto(f"/admin/pages/{event.pk}/edit/")
    reject = "button[data-workflow-action-name=reject][data-workflow-action-modal-url]"
    admin.wait_for_selector(reject, state="attached")
    admin.eval_on_selector(reject, "button => button.click()")
    comment = admin.locator("textarea[name=comment]")
    comment.wait_for()
    comment.fill("Précisez s'il faut apporter son téléphone.")
    with admin.expect_navigation():
        admin.locator(".modal form button[type=submit], [role=dialog] form button[type=submit]").first.click()
    event.refresh_from_db()
    assert event.current_workflow_state.status == "needs_changes"

    # The animator reads the comment, changes the proposal and submits it again.
    page.goto("/espace/ateliers/")
    expect(page.get_by_text("Précisez s'il faut apporter son téléphone.")).to_be_visible()
    screenshot(page, "changes-requested")
    page.locator(f"a[href='/espace/ateliers/{event.pk}/modifier/']").click()
    expect(page.get_by_text("Précisez s'il faut apporter son téléphone.")).to_be_visible()
    page.locator("#id_summary").fill("Apportez votre téléphone chargé : appels, messages, photos.")
    page.locator("form.pb-form button[type=submit]").click()
    page.wait_for_url("**/espace/ateliers/")
    event.refresh_from_db()
    assert event.current_workflow_state.status == "in_progress"

    # The officer approves: the workshop is published.
    admin.goto(f"/admin/pages/{event.pk}/edit/")
    approve = "button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"
    admin.wait_for_selector(approve, state="attached")
    with admin.expect_navigation():
        admin.eval_on_selector(approve, "button => button.click()")
    event.refresh_from_db()
    assert event.live
    assert event.summary == "Apportez votre téléphone chargé : appels, messages, photos."

    visitor = new_page(width=390)
    visitor.goto("/agenda/")
    expect(visitor.get_by_role("link", name="Initiation au smartphone")).to_be_visible()
    _no_sideways_scroll(visitor)
    visitor.get_by_role("link", name="Initiation au smartphone").click()
    expect(visitor.get_by_text("05 65 12 34 56")).to_be_visible()  # registration by the place's phone
    assert_accessible(visitor)
    screenshot(visitor, "event-390")
    feed = visitor.request.get("/agenda/ical/")
    assert feed.ok and "Initiation au smartphone" in feed.text()
    assert event in place.events.live()
    visitor.goto(place.url)
    assert visitor.title()  # the place's page answers (its list of workshops is the directory's)


def test_online_workshop_fills_up_and_the_waiting_list_moves_up(people, new_page, screenshot):
    from workspace.publishing import services
    from workspace.publishing.models import Registration

    place, animator, officer = people
    event = services.event_propose(
        actor=animator,
        place=place,
        fields={**FIELDS, "title": "Sécuriser ses comptes", "registration": "online", "capacity": 5},
        dates=[at(6)],
    )[0]
    review(event, officer, "approve")
    assert event.live

    for n in range(1, 7):
        visitor = new_page(width=390 if n == 6 else 1280)
        visitor.goto(event.url)
        visitor.locator(f"a[href='/ateliers/{event.pk}/inscription/']").click()
        if n == 1:
            assert_accessible(visitor)
            screenshot(visitor, "register-1280")
        visitor.locator("#id_name").fill(f"Visiteur {n}")
        visitor.locator("#id_email").fill(f"visiteur{n}@exemple.test")
        visitor.locator(".pb-consent input").check()
        visitor.locator("form.pb-form button[type=submit]").click()
        visitor.wait_for_load_state()
        if n == 6:
            assert Registration.objects.get(email="visiteur6@exemple.test").status == "waiting"
            expect(visitor.locator("h1")).to_have_text(re.compile("attente|waiting", re.I))
            _no_sideways_scroll(visitor)
            screenshot(visitor, "waiting-390")
        else:
            assert Registration.objects.get(email=f"visiteur{n}@exemple.test").status == "confirmed"
    page = new_page(width=390)
    page.goto(event.url)
    screenshot(page, "full-390")
    _no_sideways_scroll(page)

    # Visitor 2 cancels through the link of their e-mail.
    message = next(m for m in mail.outbox if m.to == ["visiteur2@exemple.test"])
    assert message.attachments and message.attachments[0][0].endswith(".ics")
    link = re.search(r"https?://\S+/ateliers/annulation/\S+/", message.body).group(0)
    path = "/" + link.split("/", 3)[3]
    mail.outbox.clear()
    page.goto(path)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert Registration.objects.get(email="visiteur2@exemple.test").status == "cancelled"
    assert Registration.objects.get(email="visiteur6@exemple.test").status == "confirmed"
    assert any(m.to == ["visiteur6@exemple.test"] for m in mail.outbox)

    # The animator sees the list, in order, and the moved-up visitor in it.
    staff = new_page(width=390)
    log_in(staff, animator)
    staff.goto(f"/espace/ateliers/{event.pk}/inscrits/")
    expect(staff.get_by_role("cell", name="Visiteur 6", exact=True)).to_be_visible()
    assert_accessible(staff)
    _no_sideways_scroll(staff)
    screenshot(staff, "registrants-390")
    staff.goto("/espace/ateliers/")
    assert_accessible(staff)
    screenshot(staff, "index-390")
    staff.goto("/espace/ateliers/proposer/")
    _no_sideways_scroll(staff)
    screenshot(staff, "propose-390")
