"""An esp@p video call in two real browsers: the advisor and the mediator open the call page of
an appointment booked for now, join, and each receives the other's video (Chromium's fake camera
and microphone); a link typed on one side appears, as a link, on the other; hanging up writes the
call's start and end on the appointment."""

import datetime
import time

import pytest
from django.utils import timezone, translation

from core import roles
from tests.e2e.conftest import CHROMIUM, assert_accessible
from tests.e2e.helpers import log_in
from tests.factories import TerritoryFactory, place

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# the highest count of video frames decoded from the other side (0 before any)
FRAMES_DECODED = """async () => {
  const pc = window.espapCall && window.espapCall.pc;
  if (!pc) return 0;
  let frames = 0;
  (await pc.getStats()).forEach((report) => {
    if (report.type === "inbound-rtp" && report.kind === "video") frames = Math.max(frames, report.framesDecoded || 0);
  });
  return frames;
}"""


@pytest.fixture(scope="module")
def media_browser(browser):
    """A Chromium with a fake camera and microphone, allowed without asking (a second browser of
    the session's Playwright: the usual one has no media flags)."""
    media = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-dev-shm-usage",
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
        ],
    )
    yield media
    media.close()


@pytest.fixture
def call_page(media_browser, daphne_server):
    contexts = []

    def make(width=1280, height=900):
        context = media_browser.new_context(
            viewport={"width": width, "height": height}, locale="fr-FR", base_url=daphne_server
        )
        context.grant_permissions(["camera", "microphone"])
        context.set_default_timeout(15000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def said(text: str, context: str = "") -> str:
    """``text`` as the site says it (in its language, once translated)."""
    from django.conf import settings

    with translation.override(settings.LANGUAGE_CODE):
        return translation.pgettext(context, text) if context else translation.gettext(text)


def appointment_now(create_user):
    """An appointment of the CAF advisor at the Assier site, begun a minute ago."""
    from directory.models import PartnerAgency
    from workspace.espap import services
    from workspace.espap.models import Advisor, Slot

    caf = PartnerAgency.objects.update_or_create(code="caf", defaults={"name": "Caisse d'allocations familiales"})[0]
    site = place(TerritoryFactory(name="Grand-Figeac"), title="Cyber-base d'Assier", espap=True, phone="05 65 00 00 10")
    site.espap_agencies.set([caf])
    advisor = create_user(
        role=roles.AGENCY_ADVISOR, first_name="Isabelle", last_name="Roques", email="isabelle@exemple.test"
    )
    mediator = create_user(
        role=roles.ANIMATOR, first_name="Anne", last_name="Médiatrice", email="anne@exemple.test", place=site
    )
    Advisor.objects.create(user=advisor, agency=caf, phone="05 65 00 00 99")
    slot = services.slot_publish(
        actor=advisor, starts_at=timezone.now() + datetime.timedelta(minutes=1), minutes=30, sites=[site]
    )[0]
    appointment = services.appointment_book(
        actor=mediator,
        slot=slot,
        site=site,
        fields={"name": "Jeanne Vidal", "subject": "Prime d'activité", "phone": "05 65 00 00 01"},
        consent=True,
    )
    Slot.objects.filter(pk=slot.pk).update(starts_at=timezone.now() - datetime.timedelta(minutes=1))
    return appointment, advisor, mediator


def wait_for_video(page, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.evaluate(FRAMES_DECODED) > 0:
            return True
        page.wait_for_timeout(250)
    return False


def test_the_advisor_and_the_mediator_see_each_other_chat_and_hang_up(call_page, create_user, screenshot):
    from workspace.espap.models import Appointment

    appointment, advisor, mediator = appointment_now(create_user)
    url = f"/espace/espap/rendez-vous/{appointment.pk}/visio/"
    advisor_page, mediator_page = call_page(), call_page()
    log_in(advisor_page, advisor.email)
    log_in(mediator_page, mediator.email)
    for page in (mediator_page, advisor_page):
        page.goto(url)
        page.locator("[data-join]").click()
        page.locator("[data-leave]").wait_for()

    # each side decodes the other's video
    assert wait_for_video(mediator_page), "the mediator receives no video"
    assert wait_for_video(advisor_page), "the advisor receives no video"
    for page in (advisor_page, mediator_page):
        page.locator("[data-call-status]", has_text=said("Connected", "espap")).wait_for()
    assert advisor_page.locator("[data-fallback]").is_hidden()

    # a link typed by the mediator reaches the advisor as a link, markup as text
    mediator_page.locator("[data-chat-input]").fill("Le formulaire : https://www.caf.fr/allocataires <b>ici</b>")
    mediator_page.locator("[data-chat-input]").press("Enter")
    link = advisor_page.locator("[data-chat-lines] a")
    link.wait_for()
    assert link.get_attribute("href") == "https://www.caf.fr/allocataires"
    assert "<b>ici</b>" in advisor_page.locator("[data-chat-lines] li").last.inner_text()
    assert advisor_page.locator("[data-chat-lines] b").count() == 0
    path = screenshot(advisor_page, "call")
    assert path.exists()

    # hang up: the call's start and end are on the appointment; the other side is told
    advisor_page.locator("[data-leave]").click()
    mediator_page.locator("[data-call-status]", has_text=said("The other participant left the call.")).wait_for()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        appointment = Appointment.objects.get(pk=appointment.pk)
        if appointment.call_ended_at:
            break
        time.sleep(0.1)
    assert appointment.call_started_at is not None
    assert appointment.call_ended_at is not None and appointment.call_ended_at >= appointment.call_started_at


def test_without_camera_or_microphone_the_page_gives_the_telephone_fallback(new_page, create_user):
    """The session's usual Chromium has no media device: joining fails, and the mediator is
    told so and given the advisor's phone."""
    appointment, advisor, mediator = appointment_now(create_user)
    page = new_page()
    log_in(page, mediator.email)
    page.goto(f"/espace/espap/rendez-vous/{appointment.pk}/visio/")
    assert page.locator("[data-fallback]").is_hidden()
    page.locator("[data-join]").click()
    fallback = page.locator("[data-fallback]")
    fallback.wait_for()
    assert said("The camera and the microphone were refused or are missing.") in fallback.inner_text()
    assert "05 65 00 00 99" in fallback.inner_text()
    assert page.locator("[data-leave]").is_hidden()
    assert_accessible(page)
