"""Issuing tickets from a file of beneficiaries: each good line issues a ticket, each rejected
line is reported with its number and reason, and no file, however odd, breaks the page."""

import io
import os
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import Workbook
from pypdf import PdfReader

from core.text import fold
from workspace.tickets import imports, services
from workspace.tickets.models import Organisation, Public, Ticket

URL = "/espace/tickets/emettre/fichier/"
HEADER = "prenom;nom;public;commune;code_postal;courriel;telephone;consentement"


def fr(text: str) -> str:
    with translation.override("fr"):
        return gettext(text)


def english_label(public) -> str:
    with translation.override("en"):
        return str(public.label)


def post(client, content: bytes, name="beneficiaires.csv", organisation=None, follow=True):
    data = {"file": SimpleUploadedFile(name, content)}
    if organisation is not None:
        data["organisation"] = organisation.pk
    return client.post(URL, data, follow=follow)


def six_lines() -> bytes:
    """Three good lines (2, 4, 8) and three bad ones (3: no consent, 5: unknown public, 6: no
    first name), line 7 empty, in Windows-1252 with semicolons, as Excel saves them in France."""
    services_label = fold(english_label(Public.USER_SERVICES)).upper()
    lines = [
        HEADER,
        "Lucie;Bessières;senior;Gramat;46500;lucie@exemple.test;05 65 00 00 01;oui",
        "Marc;Delmas;rsa;Cahors;46000;;;non",
        "Inès;Garcia;SENIOR;Souillac;46200;;;OUI",
        "Paul;Martin;astronaute;Figeac;46100;;;oui",
        ";Vidal;youth;;;;;oui",
        "",
        f"Élodie;Couderc;{services_label};Cahors;;;;Oui",
    ]
    return "\r\n".join(lines).encode("cp1252")


@pytest.mark.django_db
def test_good_lines_are_issued_and_bad_ones_reported_with_their_number(client, login, scheme):
    client = login(scheme.prescriber)
    response = post(client, six_lines())
    assert response.status_code == 200
    tickets = Ticket.objects.filter(organisation=scheme.organisation).select_related("beneficiary")
    people = {t.beneficiary.full_name: t.beneficiary for t in tickets}
    assert sorted(people) == ["Inès Garcia", "Lucie Bessières", "Élodie Couderc"]
    assert people["Lucie Bessières"].public == Public.SENIOR
    assert people["Lucie Bessières"].postcode == "46500"
    assert people["Lucie Bessières"].email == "lucie@exemple.test"
    assert people["Inès Garcia"].public == Public.SENIOR
    assert people["Élodie Couderc"].public == Public.USER_SERVICES
    assert all(t.issued_by == scheme.prescriber for t in tickets)

    report = response.context["report"]
    assert [t.beneficiary.full_name for t in report["tickets"]] == [
        "Lucie Bessières",
        "Inès Garcia",
        "Élodie Couderc",
    ]
    rejected = {r["line"]: r["reason"] for r in report["rejected"]}
    assert sorted(rejected) == [3, 5, 6]
    assert rejected[3] == fr("No consent: the consentement column must say “oui”.")
    assert rejected[5] == fr("Unknown public “%(value)s”.") % {"value": "astronaute"}
    assert rejected[6] == fr("First name missing.")
    html = response.content.decode()
    for ticket in tickets:
        assert ticket.display_reference in html
        assert f"/espace/tickets/t/{ticket.reference}/pdf/" in html
    assert "astronaute" in html
    assert response.redirect_chain[-1][0] == URL + "?rapport=1"


@pytest.mark.django_db
def test_the_tickets_of_the_import_print_in_one_pdf(client, login, scheme):
    client = login(scheme.prescriber)
    post(client, six_lines())
    response = client.get(URL + "?pdf=1")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 3
    text = "\n".join(page.extract_text() for page in reader.pages)
    for ticket in Ticket.objects.filter(organisation=scheme.organisation):
        assert ticket.display_reference in text
    a5 = PdfReader(io.BytesIO(client.get(URL + "?pdf=1&format=a5").content))
    assert float(a5.pages[0].mediabox.width) < float(reader.pages[0].mediabox.width)
    client.logout()
    assert login(scheme.other_prescriber).get(URL + "?pdf=1").status_code == 404  # their session has no import


@pytest.mark.django_db
def test_utf8_with_commas_quotes_and_a_bom(client, login, scheme):
    content = (
        "\ufeffPrénom,Nom,Public,Commune,Code postal,E-mail,Téléphone,Consentement\n"
        'Zoé,"Lafon, née Roques",parent_pupil,"Saint-Céré",46400,,,oui\n'
    ).encode()
    post(login(scheme.prescriber), content)
    person = Ticket.objects.get().beneficiary
    assert (person.first_name, person.last_name, person.commune) == ("Zoé", "Lafon, née Roques", "Saint-Céré")
    assert person.public == Public.PARENT_PUPIL


def test_the_public_is_its_value_or_its_label_whatever_the_case_and_accents():
    publics = imports.public_choices()
    with translation.override("fr"):
        french = str(Public.YOUTH.label)
    base = {"prenom": "A", "nom": "B", "consentement": "oui"}
    for typed in ("youth", "YOUTH", french, fold(french).upper(), english_label(Public.YOUTH)):
        person, reasons = imports.check_line({**base, "public": typed}, publics)
        assert reasons == [] and person["public"] == Public.YOUTH, typed


def test_each_reason_of_a_line_is_given():
    publics = imports.public_choices()
    person, reasons = imports.check_line(
        {
            "prenom": "",
            "nom": "",
            "public": "",
            "code_postal": "4600A",
            "courriel": "pas-un-courriel",
            "telephone": "appelez-moi",
            "consentement": "peut-être",
        },
        publics,
    )
    assert person is None
    assert len(reasons) == 7
    person, reasons = imports.check_line(
        {
            "prenom": "A",
            "nom": "B",
            "public": "rsa",
            "consentement": "Oui",
            "code_postal": "4600",
            "telephone": "565000000",
        },
        publics,
    )
    assert reasons == [] and person["postcode"] == "04600" and person["phone"] == "0565000000"


@pytest.mark.django_db
def test_an_xlsx_workbook_is_read(client, login, scheme):
    book = Workbook()
    sheet = book.active
    sheet.append(["Prénom", "Nom", "Public", "Commune", "Code postal", "Courriel", "Téléphone", "Consentement"])
    sheet.append(["Lucie", "Bessières", "senior", "Gramat", 46500, None, 565000001, "oui"])
    sheet.append(["Marc", "Delmas", "rsa", "Cahors", 46000, None, None, None])
    sheet.append(["Hugo", "Lacoste", "employee", "Figeac", 46100.0, "hugo@exemple.test", "06 00 00 00 00", True])
    buffer = io.BytesIO()
    book.save(buffer)
    response = post(login(scheme.prescriber), buffer.getvalue(), name="liste.XLSX")
    people = {t.beneficiary.last_name: t.beneficiary for t in Ticket.objects.select_related("beneficiary")}
    assert sorted(people) == ["Bessières", "Lacoste"]
    assert people["Bessières"].postcode == "46500" and people["Bessières"].phone == "0565000001"
    assert people["Lacoste"].postcode == "46100" and people["Lacoste"].email == "hugo@exemple.test"
    assert [r["line"] for r in response.context["report"]["rejected"]] == [3]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name,content",
    [
        ("beneficiaires.csv", os.urandom(4000) + b"\x00\x00"),
        ("beneficiaires.csv", bytes(range(256)) * 20),
        ("beneficiaires.csv", bytes(range(1, 256)) * 20),
        ("beneficiaires.csv", b"\xff\xfe\x00p\x00r\x00e\x00n\x00o\x00m"),
        ("beneficiaires.csv", HEADER.encode() + b'\n"Lucie;' + b"x" * 200_000 + b"\n"),
        ("beneficiaires.csv", b"nom;prenom\nBessieres;Lucie\n"),
        ("beneficiaires.csv", b"\n\n\n"),
        ("beneficiaires.xlsx", b"PK\x03\x04 not really a zip"),
        ("beneficiaires.xlsx", os.urandom(3000)),
        ("beneficiaires.xlsx", None),  # a zip that is no workbook
        ("beneficiaires.xlsx", "bomb"),  # a zip that unpacks to more than the limit
        ("beneficiaires.pdf", b"%PDF-1.4 ..."),
        ("beneficiaires.xls", b"\xd0\xcf\x11\xe0"),
        ("beneficiaires", b"prenom;nom"),
    ],
)
def test_a_file_that_cannot_be_read_gets_a_message_not_a_500(client, login, scheme, name, content):
    if content in (None, "bomb"):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            if content is None:
                archive.writestr("hello.txt", "bonjour")
            else:
                archive.writestr("xl/sharedStrings.xml", b"0" * (imports.MAX_UNPACKED + 1))
        content = buffer.getvalue()
    response = post(login(scheme.prescriber), content, name=name)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert 'class="field-error"' in response.content.decode()
    assert not Ticket.objects.exists()


@pytest.mark.django_db
def test_a_file_too_big_is_refused_before_being_read(client, login, scheme, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("read")

    monkeypatch.setattr(imports, "read_lines", never)
    content = (HEADER + "\n").encode() + b"Lucie;Bessieres;senior;;;;;oui\n" * 70_000
    assert len(content) > imports.MAX_BYTES
    response = post(login(scheme.prescriber), content)
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["file"][0].code == "size"
    assert not Ticket.objects.exists()


@pytest.mark.django_db
def test_too_many_lines_are_refused_as_a_whole(client, login, scheme):
    content = (HEADER + "\n" + "Lucie;Bessieres;senior;;;;;oui\n" * (imports.MAX_LINES + 1)).encode()
    response = post(login(scheme.prescriber), content)
    assert response.context["form"].errors["file"]
    assert not Ticket.objects.exists()


@pytest.mark.django_db
def test_the_same_file_twice_issues_nothing_the_second_time(client, login, scheme):
    client = login(scheme.prescriber)
    post(client, six_lines())
    assert Ticket.objects.count() == 3
    response = post(client, six_lines())
    assert Ticket.objects.count() == 3
    rejected = {r["line"]: r["reason"] for r in response.context["report"]["rejected"]}
    assert sorted(rejected) == [2, 3, 4, 5, 6, 8]
    lucie = Ticket.objects.get(beneficiary__first_name="Lucie")
    assert lucie.display_reference in rejected[2]


@pytest.mark.django_db
def test_the_same_person_twice_in_a_file(scheme):
    content = (HEADER + "\nLucie;Bessières;senior;;46500;;;oui\nLUCIE;bessieres;rsa;;46500;;;oui\n").encode()
    report = imports.import_file(actor=scheme.prescriber, organisation=scheme.organisation, name="a.csv", data=content)
    assert len(report.issued) == 1
    assert report.rejected[0].line == 3
    assert report.rejected[0].reason == fr("Same person as line %(line)s.") % {"line": 2}


@pytest.mark.django_db
def test_a_line_refused_while_issuing_does_not_undo_the_others(scheme, monkeypatch):
    issue = services.ticket_issue

    def refuse_marc(*, actor, organisation, beneficiary, **kwargs):
        if beneficiary["first_name"] == "Marc":
            issue(actor=actor, organisation=organisation, beneficiary=beneficiary)  # written, then undone
            raise services.TicketError("test", "Refusé pour le test.")
        return issue(actor=actor, organisation=organisation, beneficiary=beneficiary, **kwargs)

    monkeypatch.setattr(services, "ticket_issue", refuse_marc)
    content = (
        HEADER + "\nLucie;Bessières;senior;;;;;oui\nMarc;Delmas;rsa;;;;;oui\nInès;Garcia;senior;;;;;oui\n"
    ).encode()
    report = imports.import_file(actor=scheme.prescriber, organisation=scheme.organisation, name="a.csv", data=content)
    assert [t.beneficiary.first_name for t in report.issued] == ["Lucie", "Inès"]
    assert [(r.line, r.reason) for r in report.rejected] == [(3, "Refusé pour le test.")]
    assert sorted(Ticket.objects.values_list("beneficiary__first_name", flat=True)) == ["Inès", "Lucie"]


@pytest.mark.django_db
def test_a_prescriber_of_two_organisations_chooses_one(client, login, scheme):
    scheme.other_organisation.members.add(scheme.prescriber)
    client = login(scheme.prescriber)
    page = client.get(URL)
    assert 'name="organisation"' in page.content.decode() and "<select" in page.content.decode()
    line = (HEADER + "\nLucie;Bessières;senior;;;;;oui\n").encode()
    stranger = Organisation.objects.create(name="MSA Midi-Pyrénées Nord")
    response = post(client, line, organisation=stranger)
    assert response.context["form"].errors["organisation"]
    post(client, line, organisation=scheme.other_organisation)
    assert Ticket.objects.get().organisation == scheme.other_organisation


@pytest.mark.django_db
def test_who_imports(client, login, scheme):
    assert client.get(URL).status_code == 302
    client = login(scheme.animator)
    assert client.get(URL).status_code == 403
    assert post(client, six_lines(), follow=False).status_code == 403
    client.logout()
    assert login(scheme.member).get(URL).status_code == 404
    assert not Ticket.objects.exists()


@pytest.mark.django_db
def test_the_model_file(client, login, scheme):
    client = login(scheme.prescriber)
    page = client.get(URL)
    assert page.status_code == 200 and "?modele=1" in page.content.decode()
    model = client.get(URL + "?modele=1")
    assert model["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in model["Content-Disposition"]
    assert model.content.decode("utf-8-sig").strip() == HEADER
    # the model, filled in, imports
    filled = model.content + "Lucie;Bessières;senior;Gramat;46500;;;oui\r\n".encode()
    post(client, filled)
    assert Ticket.objects.count() == 1


def test_a_workbook_that_unpacks_too_big_is_not_opened(monkeypatch):
    import openpyxl

    def never(*args, **kwargs):
        raise AssertionError("opened")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"0" * (imports.MAX_UNPACKED + 1))
    with translation.override("en"), pytest.raises(imports.FileRefused, match="unpacked"):
        imports.read_lines("liste.xlsx", buffer.getvalue())
