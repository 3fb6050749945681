"""The scheme's documents: the printable ticket (A4/A5, QR code, places nearby), the certificate
of attendance (also from the learner's log, without an account) and the payment statement."""

import csv
import datetime
import io

import pytest
import segno
from dateutil.relativedelta import relativedelta
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from pypdf import PdfReader

from directory.models import PlacePage
from tests.factories import place
from workspace.tickets import pdf, services
from workspace.tickets.models import Claim, Item, Mastery, PartnerPlace

A4 = (595.28, 841.89)
A5 = (419.53, 595.28)


def fr(text: str) -> str:
    """What the pages say in French (the site's language), whatever the catalogue holds."""
    with translation.override("fr"):
        return gettext(text)


def fr_date(day) -> str:
    with translation.override("fr"):
        return date_format(day, "j F Y")


def read(response) -> PdfReader:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(response.content))


def text_of(response) -> str:
    return "\n".join(page.extract_text() for page in read(response).pages)


def size_of(response) -> tuple[float, float]:
    box = read(response).pages[0].mediabox
    return (round(float(box.width), 2), round(float(box.height), 2))


def as_user(client, login, user):
    client.logout()
    return login(user)


def locate(partner, **fields):
    """Give a place of the directory an address and coordinates (no new revision needed)."""
    PlacePage.objects.filter(pk=partner.place_id).update(**fields)


@pytest.fixture
def located(scheme):
    locate(
        scheme.partner,
        commune="Gramat",
        postcode="46500",
        address="Place de la Halle",
        phone="05 65 38 00 00",
        latitude=44.7806,
        longitude=1.7250,
    )
    locate(scheme.other_partner, commune="Cahors", postcode="46000", latitude=44.4475, longitude=1.4410)
    return scheme


# --- The ticket -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_ticket_pdf_holds_reference_name_dates_value_and_prescriber(client, login, scheme, make_ticket):
    ticket = make_ticket("issued")
    response = login(scheme.prescriber).get(f"/espace/tickets/t/{ticket.reference}/pdf/")
    text = text_of(response)
    assert response["Content-Disposition"] == f'inline; filename="ticket-{ticket.display_reference}.pdf"'
    assert ticket.display_reference in text
    assert "Lucie Bessières" in text
    assert fr_date(ticket.expires_on) in text
    assert fr_date(ticket.issued_on) in text
    assert "200 €" in text
    assert "Conseil départemental du Lot" in text
    assert size_of(response) == A4


@pytest.mark.django_db
def test_a5_is_asked_with_format_and_differs_from_a4(client, login, scheme, make_ticket):
    ticket = make_ticket("issued")
    client = login(scheme.prescriber)
    a5 = client.get(f"/espace/tickets/t/{ticket.reference}/pdf/?format=a5")
    a4 = client.get(f"/espace/tickets/t/{ticket.reference}/pdf/?format=whatever")
    assert size_of(a5) == A5
    assert size_of(a4) == A4
    assert ticket.display_reference in text_of(a5)


def qr_modules(image, size: int) -> list[list[bool]]:
    """The dark modules of a QR code image of ``size`` modules with the quiet zone ``pdf`` uses,
    read at the centre of each module."""
    grey = image.convert("L")
    step = grey.width / (size + 2 * pdf.QR_BORDER)
    assert abs(grey.height / (size + 2 * pdf.QR_BORDER) - step) < 0.01
    return [
        [
            grey.getpixel((int((pdf.QR_BORDER + x + 0.5) * step), int((pdf.QR_BORDER + y + 0.5) * step))) < 128
            for x in range(size)
        ]
        for y in range(size)
    ]


@pytest.mark.django_db
def test_the_qr_code_holds_the_registration_address_with_the_reference(client, login, scheme, make_ticket):
    ticket = make_ticket("issued")
    expected = f"http://testserver/espace/tickets/inscrire/?reference={ticket.reference}"
    assert pdf.register_url("http://testserver/espace/tickets/inscrire/", ticket) == expected
    response = login(scheme.prescriber).get(f"/espace/tickets/t/{ticket.reference}/pdf/")
    images = read(response).pages[0].images
    assert len(images) == 1
    # No decoder here: the embedded image must be, module for module, the QR code of the
    # expected address (another address, even one character off, gives another matrix).
    symbol = segno.make(expected, error=pdf.QR_ERROR, micro=False)
    wanted = [[bool(module) for module in row] for row in symbol.matrix]
    assert qr_modules(images[0].image, len(wanted)) == wanted
    other = segno.make(expected.replace(ticket.reference, "0" * 9), error=pdf.QR_ERROR, micro=False)
    assert [[bool(m) for m in row] for row in other.matrix] != wanted
    # and that address is the animator's registration page with the ticket looked up
    client.logout()
    page = login(scheme.animator).get(expected.removeprefix("http://testserver"))
    assert page.status_code == 200
    assert page.context["found"].code == "valid"
    assert page.context["found"].ticket == ticket


@pytest.mark.django_db
def test_only_the_prescriber_and_the_manager_print_a_ticket(client, login, scheme, make_ticket):
    ticket = make_ticket("registered")
    url = f"/espace/tickets/t/{ticket.reference}/pdf/"
    assert client.get(url).status_code == 302  # to the login page
    assert as_user(client, login, scheme.prescriber).get(url).status_code == 200
    assert as_user(client, login, scheme.manager).get(url).status_code == 200
    assert as_user(client, login, scheme.other_prescriber).get(url).status_code == 404
    assert as_user(client, login, scheme.animator).get(url).status_code == 403  # sees it, does not print it
    assert as_user(client, login, scheme.other_animator).get(url).status_code == 404
    assert as_user(client, login, scheme.member).get(url).status_code == 404
    assert as_user(client, login, scheme.prescriber).get("/espace/tickets/t/0000-0000-0/pdf/").status_code == 404


@pytest.mark.django_db
def test_a_cancelled_ticket_prints_as_cancelled_without_qr_code(client, login, scheme, make_ticket):
    ticket = services.ticket_cancel(actor=scheme.prescriber, ticket=make_ticket("issued"), reason="Doublon")
    response = login(scheme.prescriber).get(f"/espace/tickets/t/{ticket.reference}/pdf/")
    text = text_of(response)
    assert fr("CANCELLED") in text
    assert fr("This ticket was cancelled: it can no longer be used.") in text
    assert len(read(response).pages[0].images) == 0


@pytest.mark.django_db
def test_an_expired_ticket_prints_as_expired(client, login, scheme, make_ticket):
    ticket = make_ticket("issued", issued_on=timezone.localdate() - relativedelta(months=13))
    text = text_of(login(scheme.prescriber).get(f"/espace/tickets/t/{ticket.reference}/pdf/"))
    assert fr("EXPIRED") in text
    assert fr_date(ticket.expires_on) in text
    valid = make_ticket("issued")
    response = client.get(f"/espace/tickets/t/{valid.reference}/pdf/")
    assert fr("EXPIRED") not in text_of(response)
    assert len(read(response).pages[0].images) == 1


@pytest.mark.django_db
def test_the_places_nearest_the_beneficiary_come_first(client, login, located, make_ticket):
    scheme = located
    near_cahors = make_ticket("issued", commune="Pradines")  # in the network's list of communes
    text = text_of(login(scheme.prescriber).get(f"/espace/tickets/t/{near_cahors.reference}/pdf/"))
    assert fr("Partner places near you") in text
    assert text.index("EPM de Cahors") < text.index("Cyber-base de Gramat")
    assert "05 65 38 00 00" in text and "Place de la Halle" in text
    near_gramat = make_ticket("issued", commune="SOUILLAC")
    text = text_of(client.get(f"/espace/tickets/t/{near_gramat.reference}/pdf/"))
    assert text.index("Cyber-base de Gramat") < text.index("EPM de Cahors")


@pytest.mark.django_db
def test_a_commune_located_by_a_place_of_the_directory_and_an_unknown_one(scheme, located):
    place(scheme.south, title="Médiathèque de Mercuès", commune="Mercuès", latitude=44.49, longitude=1.39)
    nearby = pdf.NearbyPlaces()
    rows = nearby.near("mercuès")  # not in the network's list: the directory's place says where it is
    assert [p.place.title for p, _km in rows] == ["EPM de Cahors", "Cyber-base de Gramat"]
    assert 5 < rows[0][1] < 10 and 40 < rows[1][1] < 50
    rows = nearby.near("Atlantis")
    assert [p.place.title for p, _km in rows] == ["Cyber-base de Gramat", "EPM de Cahors"]  # by name
    assert all(km is None for _p, km in rows)


@pytest.mark.django_db
def test_at_most_six_active_places_are_listed(scheme, located):
    for n in range(6):
        PartnerPlace.objects.create(place=place(scheme.north, title=f"Lieu partenaire {n}", commune="Gramat"))
    PartnerPlace.objects.filter(place__title="Lieu partenaire 0").update(active=False)
    rows = pdf.NearbyPlaces().near("Cahors")
    titles = [p.place.title for p, _km in rows]
    assert len(titles) == 6
    assert titles[0] == "EPM de Cahors"
    assert "Lieu partenaire 0" not in titles


# --- The certificate ------------------------------------------------------------------------


@pytest.fixture
def course(scheme, make_ticket):
    """A completed course with three items acquired at the fourth session, in two domains, and
    one in progress."""
    ticket = make_ticket("completed")
    enrolment = ticket.enrolments.order_by("session__starts_at")[3]
    items = list(
        Item.objects.filter(competence__domain__framework=ticket.framework)
        .select_related("competence__domain")
        .order_by("competence__domain__order", "competence__order", "order", "pk")
    )
    first_domain = items[0].competence.domain_id
    acquired = [items[0], items[1], next(i for i in items if i.competence.domain_id != first_domain)]
    levels = {item.pk: Mastery.ACQUIRED for item in acquired}
    levels[items[-1].pk] = Mastery.IN_PROGRESS
    services.sheet_record(actor=scheme.animator, enrolment=enrolment, levels=levels)
    return ticket, enrolment, acquired, items[-1]


@pytest.mark.django_db
def test_the_certificate_lists_sessions_hours_and_competences_by_domain(client, login, scheme, course):
    ticket, enrolment, acquired, in_progress = course
    response = login(scheme.prescriber).get(f"/espace/tickets/t/{ticket.reference}/attestation/")
    text = text_of(response)
    assert response["Content-Disposition"] == f'inline; filename="attestation-{ticket.display_reference}.pdf"'
    assert "Lucie Bessières" in text
    assert "Cyber-base de Gramat" in text
    assert ticket.display_reference in text
    first = ticket.enrolments.order_by("session__starts_at").first().session
    assert timezone.localtime(first.starts_at).strftime("%d/%m/%Y") in text
    assert first.module.title[:30] in text
    assert "20" in text and fr("Sessions attended") in text
    for item in acquired:
        assert item.text in text
    first, second = acquired[0].competence.domain, acquired[2].competence.domain
    assert text.index(first.title) < text.index(acquired[0].text) < text.index(second.title)
    assert text.index(second.title) < text.index(acquired[2].text)
    assert in_progress.text not in text  # in progress: not acquired
    assert timezone.localtime(enrolment.session.starts_at).strftime("%d/%m/%Y") in text


@pytest.mark.django_db
def test_who_gets_the_certificate(client, login, scheme, course):
    ticket = course[0]
    url = f"/espace/tickets/t/{ticket.reference}/attestation/"
    assert as_user(client, login, scheme.animator).get(url).status_code == 200  # the place sees it
    assert as_user(client, login, scheme.other_prescriber).get(url).status_code == 404
    assert as_user(client, login, scheme.other_animator).get(url).status_code == 404


@pytest.mark.django_db
def test_a_course_just_begun_has_a_certificate_too(client, login, scheme, make_ticket):
    ticket = make_ticket("in_progress")
    text = text_of(login(scheme.animator).get(f"/espace/tickets/t/{ticket.reference}/attestation/"))
    assert fr("No session attended yet.") in text
    assert fr("No competence recorded as acquired yet.") in text


@pytest.mark.django_db
def test_the_learner_downloads_it_from_their_log_without_an_account(client, scheme, course):
    ticket = course[0]
    response = client.get(f"/espace/tickets/carnet/{ticket.log_token}/pdf/")
    text = text_of(response)
    assert "Lucie Bessières" in text and ticket.display_reference in text
    assert response["Cache-Control"] == "private, no-store"
    assert client.get("/espace/tickets/carnet/not-a-token/pdf/").status_code == 404


@pytest.mark.django_db
def test_an_erased_learner_has_no_certificate_by_link(client, scheme, course):
    ticket = course[0]
    token = ticket.log_token
    services.beneficiary_erase(actor=scheme.manager, ticket=ticket)
    ticket.refresh_from_db()
    assert client.get(f"/espace/tickets/carnet/{token}/pdf/").status_code == 404
    assert client.get(f"/espace/tickets/carnet/{ticket.log_token}/pdf/").status_code == 404


# --- The payment statement ------------------------------------------------------------------


def pay(manager, ticket, day, reference):
    claim = Claim.objects.get(ticket=ticket)
    services.claim_validate(actor=manager, claim=claim)
    return services.claim_pay(actor=manager, claim=claim, paid_on=day, payment_reference=reference)


@pytest.fixture
def paid(scheme, make_ticket):
    """Three completed courses at Gramat: one paid in January, one in February, one validated."""
    january, february, waiting = (
        make_ticket("completed", first_name="Jeanne", last_name="Janvier"),
        make_ticket("completed", first_name="Fabien", last_name="Février"),
        make_ticket("completed", first_name="Vincent", last_name="Validé"),
    )
    pay(scheme.manager, january, datetime.date(2026, 1, 15), "VIR-2026-001")
    pay(scheme.manager, february, datetime.date(2026, 2, 20), "=HYPERLINK(1)")
    services.claim_validate(actor=scheme.manager, claim=Claim.objects.get(ticket=waiting))
    return january, february, waiting


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with it
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.django_db
def test_the_statement_lists_the_claims_paid_in_the_period_and_the_totals(client, login, scheme, paid):
    january, february, waiting = paid
    client = login(scheme.manager)
    rows = csv_rows(client.get("/espace/tickets/paiements/releve.csv?du=2026-02-01&au=2026-02-28"))
    assert rows[0][0] == fr("Place") and len(rows[0]) == 7
    body = rows[1:]
    assert [r[1] for r in body if r[1]] == [february.display_reference]
    line = body[0]
    assert line[0] == "Cyber-base de Gramat"
    assert line[2] == "Fabien Février"
    assert line[3] == timezone.localdate(Claim.objects.get(ticket=february).ticket.ended_at).strftime("%d/%m/%Y")
    assert line[4] == "150" and line[5] == "20/02/2026"
    assert line[6] == "'=HYPERLINK(1)"  # not a formula in Excel
    assert body[1][0] == fr("Total %(place)s") % {"place": "Cyber-base de Gramat"} and body[1][4] == "150"
    assert body[-1][0] == fr("Grand total") and body[-1][4] == "150"

    everything = csv_rows(client.get("/espace/tickets/paiements/releve.csv"))
    references = [r[1] for r in everything[1:] if r[1]]
    assert sorted(references) == sorted([january.display_reference, february.display_reference])
    assert waiting.display_reference not in references  # validated, not paid
    assert everything[-1][4] == "300"


@pytest.mark.django_db
def test_the_statement_of_one_place(client, login, scheme, paid):
    client = login(scheme.manager)
    rows = csv_rows(client.get(f"/espace/tickets/paiements/releve.csv?lieu={scheme.other_partner.pk}"))
    assert len(rows) == 2 and rows[-1][4] == "0"
    rows = csv_rows(client.get(f"/espace/tickets/paiements/releve.csv?lieu={scheme.partner.pk}&du=15/01/2026"))
    assert rows[-1][4] == "300"


@pytest.mark.django_db
def test_an_erased_beneficiary_stays_on_the_statement_without_a_name(client, login, scheme, paid):
    services.beneficiary_erase(actor=scheme.manager, ticket=paid[0])
    rows = csv_rows(login(scheme.manager).get("/espace/tickets/paiements/releve.csv?au=2026-01-31"))
    assert rows[1][2] == fr("(erased)")
    assert "Janvier" not in "".join(rows[1])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query,shown",
    [
        ("du=2026-13-01", "2026-13-01"),
        ("au=31-02-2026", "31-02-2026"),
        ("du=hier", "hier"),
        ("du=2026-03-01&au=2026-02-01", ""),
        ("lieu=abc", "abc"),
        ("lieu=999999", "999999"),
        ("lieu=%C2%B2", "²"),
    ],
)
def test_a_bad_filter_is_a_clear_400(client, login, scheme, query, shown):
    client = login(scheme.manager)
    for address in ("releve.csv", "releve.pdf"):
        response = client.get(f"/espace/tickets/paiements/{address}?{query}")
        assert response.status_code == 400
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert shown in response.content.decode()


@pytest.mark.django_db
def test_the_statement_pdf(client, login, scheme, paid):
    january, february, _waiting = paid
    response = login(scheme.manager).get("/espace/tickets/paiements/releve.pdf?du=2026-01-01&au=2026-12-31")
    text = text_of(response)
    assert january.display_reference in text and february.display_reference in text
    assert "300" in text and fr("Grand total") in text
    assert "Jeanne Janvier" in text
    assert response["Content-Disposition"] == 'inline; filename="releve-paiements-20260101-20261231.pdf"'
    page = read(response).pages[0].mediabox
    assert float(page.width) > float(page.height)  # landscape


@pytest.mark.django_db
def test_only_the_manager_has_the_statement(client, login, scheme, paid):
    for address in ("releve.csv", "releve.pdf"):
        url = f"/espace/tickets/paiements/{address}"
        assert client.get(url).status_code == 302
        assert as_user(client, login, scheme.prescriber).get(url).status_code == 403
        assert as_user(client, login, scheme.animator).get(url).status_code == 403
        assert as_user(client, login, scheme.member).get(url).status_code == 404
        assert as_user(client, login, scheme.coordinator).get(url).status_code == 200
        client.logout()
