"""No main page scrolls sideways on a 390 px phone: the public site, a new member's workspace, the
administration consoles, the Ticket déclic and esp@p pages, on the demo network."""

import pytest

from core import roles

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 390, 844

# The elements that reach past the right edge of the window, widest first; an element inside a
# box that scrolls sideways by itself (and ends inside the window) does not widen the page, unless
# nothing else does.
OFFENDERS = """(width) => {
  const classes = (el) => typeof el.className === 'string' ? el.className.trim().split(/\\s+/).filter(Boolean) : [];
  const name = (el) => [el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''), ...classes(el)].join('.');
  const found = [], all = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (!box.width || box.right <= width + 0.5) continue;
    let parent = el.parentElement, scrolled = false;
    while (parent && parent !== document.body) {
      const style = getComputedStyle(parent);
      if (!['visible', 'clip'].includes(style.overflowX) && parent.getBoundingClientRect().right <= width + 0.5) {
        scrolled = true;
        break;
      }
      parent = parent.parentElement;
    }
    const item = {right: Math.round(box.right), element: name(el), text: (el.innerText || '').trim().slice(0, 50)};
    (scrolled ? all : found).push(item);
  }
  // what a scrolling box holds may still widen the page (an absolutely placed descendant)
  const widest = found.length ? found : all;
  widest.sort((a, b) => b.right - a.right);
  return widest.slice(0, 5);
}"""

# (who, address, link to follow there): who is None (a visitor) or a key of the accounts below;
# a detail page is reached by following the first link matching the selector on the list page.
PAGES = [
    (None, "/", None),
    (None, "/programme/", None),
    (None, "/actualites/", None),
    (None, "/actualites/", "main a[href^='/actualites/'][href$='/']:not([href='/actualites/'])"),
    (None, "/revue-de-presse/", None),
    (None, "/dossiers/", None),
    (None, "/agenda/", None),
    (None, "/agenda/", "a[href*='/agenda/mois/']"),
    (None, "/agenda/", "main a[href^='/agenda/'][href$='/']:not([href*='/mois/']):not([href*='/passes/'])"),
    (None, "/galerie/", None),
    (None, "/ressources/", None),
    (None, "/statistiques/", None),
    (None, "/annuaire/", None),
    (None, "/annuaire/", "main a[href^='/annuaire/'][href$='/'][href*='-']"),
    (None, "/annuaire/imprimer/", None),
    (None, "/recherche/?q=atelier", None),
    (None, "/compte/connexion/", None),
    (None, "/inscription/", None),
    (None, "/plan-du-site/", None),
    (None, "/cette-adresse-n-existe-pas/", None),
    ("animator", "/espace/", None),
    ("animator", "/espace/discussion/", None),
    ("animator", "/espace/agenda/", None),
    ("animator", "/espace/contacts/", None),
    ("animator", "/espace/contacts/fil/", None),
    ("animator", "/espace/notifications/", None),
    ("animator", "/espace/groupes/", None),
    ("animator", "/espace/membres/", None),
    ("animator", "/espace/profil/", None),
    ("animator", "/espace/{group}/", None),
    ("animator", "/espace/{group}/membres/", None),
    ("animator", "/espace/{group}/fichiers/", None),
    ("animator", "/espace/{group}/forum/", None),
    ("animator", "/espace/{group}/forum/", "main a[href*='/forum/'][href$='/']:not([href$='/forum/'])"),
    ("animator", "/espace/{group}/notes/", None),
    ("animator", "/espace/reseau/", None),
    ("animator", "/espace/tickets/", None),
    ("animator", "/espace/tickets/seances/", None),
    ("animator", "/espace/tickets/seances/", "main a[href*='/espace/tickets/seances/'][href$='/']"),
    ("animator", "/espace/espap/", None),
    ("animator", "/espace/espap/reserver/", None),
    ("referent", "/espace/territoires/{territory}/", None),
    ("coordinator", "/espace/territoires/", None),
    ("coordinator", "/espace/journal/", None),
    ("coordinator", "/espace/tickets/", None),
    ("coordinator", "/espace/tickets/liste/", None),
    ("coordinator", "/espace/tickets/liste/", "main a[href*='/espace/tickets/t/']"),
    ("coordinator", "/espace/tickets/paiements/", None),
    ("coordinator", "/espace/tickets/catalogue/", None),
    ("coordinator", "/espace/tickets/tableau/", None),
    ("prescriber", "/espace/tickets/emettre/", None),
    ("coordinator", "/espace/espap/", None),
    ("coordinator", "/espace/espap/rendez-vous/", None),
    ("coordinator", "/espace/espap/rendez-vous/", "main a[href*='/espace/espap/rendez-vous/'][href$='/']"),
    ("coordinator", "/espace/espap/sites/", None),
    ("coordinator", "/espace/espap/sites/", "main a[href*='/espace/espap/sites/'][href$='/']"),
    ("coordinator", "/espace/espap/grilles/", None),
    ("coordinator", "/espace/espap/grilles/", "main a[href*='/espace/espap/grilles/'][href$='/']"),
    ("coordinator", "/espace/espap/enquete/", None),
    ("coordinator", "/espace/espap/tableau/", None),
    ("advisor", "/espace/espap/creneaux/", None),
]


def accounts():
    """A new member (an animator of a Ticket déclic partner place, in a working group), a
    referent, the coordinator, a prescriber and an agency advisor of the demo."""
    from django.contrib.auth import get_user_model

    from workspace.spaces.models import Membership
    from workspace.tickets.models import PartnerPlace

    User = get_user_model()
    animators = User.objects.filter(groups__name=roles.GROUP_NAMES[roles.ANIMATOR], is_active=True)
    partner_places = PartnerPlace.objects.values("place_id")
    in_a_group = animators.filter(memberships__space__kind="group").distinct()
    animator = (
        in_a_group.filter(place_id__in=partner_places, place__espap=True).first()
        or in_a_group.filter(place_id__in=partner_places).first()
        or in_a_group.first()
    )
    group = Membership.objects.filter(user=animator, space__kind="group").select_related("space").first().space
    referent = User.objects.get(email="referent.grand-figeac@demo.maillage.test")
    return {
        "animator": animator.email,
        "referent": referent.email,
        "coordinator": "coordinateur@demo.maillage.test",
        "prescriber": "prescripteur@demo.maillage.test",
        "advisor": "conseiller.caf@demo.maillage.test",
    }, {"group": group.slug, "territory": "grand-figeac"}


def test_no_main_page_scrolls_sideways_on_a_phone(demo, new_page, settings, screenshot):
    from tests.e2e.helpers import log_in

    emails, names = accounts()
    pages, failures, visited = {}, [], 0
    for who, address, follow in PAGES:
        if who not in pages:
            pages[who] = new_page(width=WIDTH, height=HEIGHT)
            if who:
                log_in(pages[who], emails[who], password=settings.DEMO_PASSWORD)
        page = pages[who]
        url = address.format(**names)
        response = page.goto(url)
        if follow:
            link = page.locator(follow).first
            assert link.count(), f"{url}: no link {follow}"
            url = link.get_attribute("href")
            response = page.goto(url)
        expected = 404 if "n-existe-pas" in url else 200
        assert response.status == expected, f"{url} ({who or 'visitor'}): HTTP {response.status}"
        visited += 1
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            widest = "; ".join(
                f"{o['element']} → {o['right']} px «{o['text']}»" for o in page.evaluate(OFFENDERS, WIDTH)
            )
            failures.append(f"{url} ({who or 'visitor'}) is {width} px wide: {widest}")
        if url == "/espace/discussion/":  # the chat on a phone: rooms in a strip, the composer full width
            composer = page.get_by_label("Votre message").bounding_box()
            assert composer["width"] >= WIDTH - 100, f"the chat's composer is {composer['width']} px wide"
            screenshot(page, "chat")
    assert not failures, "\n".join(failures)
    assert visited == len(PAGES)
