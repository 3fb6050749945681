"""Issuing tickets from a spreadsheet of beneficiaries (CSV or XLSX), for a prescriber.

The file has one line per person, under a first line naming the columns ``prenom``, ``nom``,
``public``, ``commune``, ``code_postal``, ``courriel``, ``telephone``, ``consentement`` (accents,
case and a few usual variants forgiven; other columns ignored). CSV may be UTF-8 or Windows-1252
(what Excel writes in France), separated by commas or semicolons.

The network's rule for imports holds: each rejected line is reported with its number and the
reason, and the rest is kept. Nothing on any input raises past ``import_file`` but
``FileRefused`` (a file that cannot be read at all), whose message is for the user.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DatabaseError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.text import fold
from workspace.tickets import services
from workspace.tickets.models import Public, Ticket

MAX_BYTES = 2 * 1024 * 1024
MAX_LINES = 1000
MAX_UNPACKED = 40 * 1024 * 1024  # an XLSX of 1,000 lines is well under 1 MB once unpacked
EXTENSIONS = (".csv", ".txt", ".xlsx")
COLUMNS = ("prenom", "nom", "public", "commune", "code_postal", "courriel", "telephone", "consentement")
REQUIRED = ("prenom", "nom", "public", "consentement")
# column of the file → field of services.BENEFICIARY_FIELDS
FIELDS = {
    "prenom": "first_name",
    "nom": "last_name",
    "public": "public",
    "commune": "commune",
    "code_postal": "postcode",
    "courriel": "email",
    "telephone": "phone",
}
_ALIASES = {
    "prenoms": "prenom",
    "first_name": "prenom",
    "nom_de_famille": "nom",
    "nom_d_usage": "nom",
    "last_name": "nom",
    "ville": "commune",
    "cp": "code_postal",
    "postcode": "code_postal",
    "e_mail": "courriel",
    "email": "courriel",
    "mail": "courriel",
    "adresse_electronique": "courriel",
    "adresse_mail": "courriel",
    "tel": "telephone",
    "telephone_portable": "telephone",
    "portable": "telephone",
    "phone": "telephone",
    "consent": "consentement",
    "accord": "consentement",
}
_MAX_LENGTH = {"prenom": 100, "nom": 100, "commune": 100}
_POSTCODE = re.compile(r"^[0-9]{5}$")
_PHONE = re.compile(r"^[0-9 +.()-]{6,20}$")
_CONSENT = {"oui", "yes"}


class FileRefused(Exception):
    """The file as a whole cannot be read; the message says why, to the user."""


@dataclass
class Rejected:
    line: int
    name: str
    reason: str


@dataclass
class Report:
    issued: list[Ticket] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)

    def as_session(self) -> dict:
        """What the result page needs, small and JSON-serialisable (kept in the session)."""
        return {
            "issued": [t.reference for t in self.issued],
            "rejected": [[r.line, r.name, r.reason] for r in self.rejected],
        }


# --- Reading the file -------------------------------------------------------------------------


def _column(header) -> str:
    name = fold(str(header or "")).replace(" ", "_")
    return _ALIASES.get(name, name)


def _cell(value) -> str:
    """A spreadsheet cell as the text a person would have typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise FileRefused(_("This file is not a CSV text file. Save your spreadsheet as CSV or XLSX."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRefused(_("This file is neither UTF-8 nor Windows-1252 text. Save your spreadsheet as CSV or XLSX."))


CSV_FIELD_LIMIT = 131072  # csv's default, whatever another library set it to


def _csv_rows(data: bytes):
    text = _decode(data)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first.count)
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
            # csv's own field limit is process-wide and other libraries raise it: say it here
            if any(len(cell) > CSV_FIELD_LIMIT for cell in row):
                raise csv.Error(f"field larger than field limit ({CSV_FIELD_LIMIT})")
            yield number, [cell.strip() for cell in row]
    except csv.Error as error:
        raise FileRefused(_("This CSV file cannot be read (%(error)s).") % {"error": error})


def _xlsx_rows(data: bytes):
    from openpyxl import load_workbook

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise FileRefused(_("This file is not an XLSX workbook. Save your spreadsheet as CSV or XLSX."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            # openpyxl loads the shared strings whole: a small file that unpacks to gigabytes is
            # refused here, on the sizes it declares (zipfile never reads past them).
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise FileRefused(_("This file is not an XLSX workbook. Save your spreadsheet as CSV or XLSX."))
    if unpacked > MAX_UNPACKED:
        raise FileRefused(_("This workbook is too big once unpacked: split it into several files, or save it as CSV."))
    failed = _("This XLSX workbook cannot be read (%(error)s). Save it again from your spreadsheet, or as CSV.")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception as error:  # noqa: BLE001 — a damaged workbook raises from zipfile, XML or openpyxl
        raise FileRefused(failed % {"error": error.__class__.__name__})
    try:
        # read_only streams the rows: a workbook that unpacks to millions of cells is stopped at
        # MAX_LINES by the reader, not loaded.
        for number, row in enumerate(sheet.iter_rows(values_only=True, max_col=40), start=1):
            yield number, [_cell(value) for value in row]
    except Exception as error:  # noqa: BLE001 — idem, for a sheet damaged past its first rows
        raise FileRefused(failed % {"error": error.__class__.__name__})
    finally:
        workbook.close()


def read_lines(name: str, data: bytes) -> list[tuple[int, dict]]:
    """[(line number in the file, {column: text})] of the non-empty lines under the header."""
    lowered = (name or "").lower()
    if not data:
        raise FileRefused(_("The file is empty."))
    if lowered.endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        rows = _xlsx_rows(data)
    else:
        rows = _csv_rows(data)
    header, lines = None, []
    for number, row in rows:
        if not any(row):
            continue
        if header is None:
            header = [_column(cell) for cell in row]
            missing = [c for c in REQUIRED if c not in header]
            if missing:
                raise FileRefused(
                    _("Missing columns: %(missing)s. The first line must name the columns: %(columns)s.")
                    % {"missing": ", ".join(missing), "columns": ", ".join(COLUMNS)}
                )
            continue
        if len(lines) >= MAX_LINES:
            raise FileRefused(_("The file has more than %(n)s lines: split it into several files.") % {"n": MAX_LINES})
        values = {}
        for index, column in enumerate(header):
            if column in COLUMNS and column not in values:
                values[column] = row[index] if index < len(row) else ""
        lines.append((number, values))
    if header is None:
        raise FileRefused(_("The file is empty."))
    return lines


# --- Checking the lines -----------------------------------------------------------------------


def public_choices() -> dict[str, str]:
    """Folded value, French label or English label of each public → its value."""
    choices = {}
    for value, label in Public.choices:
        choices[fold(value)] = value
        for language in ("fr", "en"):
            with translation.override(language):
                choices[fold(str(label))] = value
    return choices


def check_line(values: dict, publics: dict[str, str]) -> tuple[dict | None, list[str]]:
    """(the beneficiary for ``services.ticket_issue``, []) or (None, [reasons])."""
    reasons = []
    for column, message in (("prenom", _("First name missing.")), ("nom", _("Last name missing."))):
        if not values.get(column):
            reasons.append(message)
    for column, limit in _MAX_LENGTH.items():
        if len(values.get(column, "")) > limit:
            reasons.append(_("%(column)s is too long (%(n)s characters at most).") % {"column": column, "n": limit})
    typed_public = values.get("public", "")
    public = publics.get(fold(typed_public))
    if not typed_public:
        reasons.append(_("Public missing."))
    elif public is None:
        reasons.append(_("Unknown public “%(value)s”.") % {"value": typed_public[:60]})
    postcode = values.get("code_postal", "").replace(" ", "")
    if postcode.isascii() and postcode.isdigit() and len(postcode) == 4:  # 04000 read as a number by the spreadsheet
        postcode = "0" + postcode
    if postcode and not _POSTCODE.match(postcode):
        reasons.append(_("Postcode “%(value)s” is not five digits.") % {"value": postcode[:20]})
    email = values.get("courriel", "")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            reasons.append(_("Invalid e-mail address “%(value)s”.") % {"value": email[:80]})
    phone = values.get("telephone", "")
    if phone.isascii() and phone.isdigit() and len(phone) == 9:  # 0565… read as a number: the leading 0 lost
        phone = "0" + phone
    if phone and not _PHONE.match(phone):
        reasons.append(_("Invalid phone number “%(value)s”.") % {"value": phone[:30]})
    if fold(values.get("consentement", "")) not in _CONSENT:
        reasons.append(_("No consent: the consentement column must say “oui”."))
    if reasons:
        return None, reasons
    person = {field_name: values.get(column, "") for column, field_name in FIELDS.items()}
    person.update(public=public, postcode=postcode, phone=phone)
    return person, []


def _person_key(person: dict) -> tuple:
    return (fold(person["first_name"]), fold(person["last_name"]), person.get("postcode", ""))


def _open_holders(organisation) -> dict[tuple, Ticket]:
    """The open tickets of ``organisation``, by their holder's folded name and postcode: one
    query for the whole file."""
    tickets = Ticket.objects.filter(
        organisation=organisation, status__in=Ticket.OPEN, beneficiary__erased_at__isnull=True
    ).select_related("beneficiary")
    holders = {}
    for ticket in tickets:
        b = ticket.beneficiary
        holders.setdefault(
            _person_key({"first_name": b.first_name, "last_name": b.last_name, "postcode": b.postcode}), ticket
        )
    return holders


# --- Issuing ----------------------------------------------------------------------------------


def import_file(*, actor, organisation, name: str, data: bytes) -> Report:
    """Read, check and issue: one ticket per good line, every other line reported.

    Each ticket is issued in a transaction of its own (``services.ticket_issue`` is atomic, and
    no transaction is opened around the loop). One transaction for the whole file would make
    one unexpected failure (a database error, a rule of ``ticket_issue`` refusing a line) undo
    every ticket issued before it, against the rule that keeps the good lines; and the tickets
    of a file share nothing that a batch would have to keep consistent. It costs one commit per
    ticket, which ``bench/tickets_issue.py`` measures. The checks run first, on the whole file,
    so a file with mistakes issues its good lines whatever their order.
    """
    lines = read_lines(name, data)
    publics, holders = public_choices(), _open_holders(organisation)
    report, seen = Report(), {}
    to_issue = []
    for number, values in lines:
        shown = f"{values.get('prenom', '')} {values.get('nom', '')}".strip()[:80]
        person, reasons = check_line(values, publics)
        if person is not None:
            key = _person_key(person)
            if key in seen:
                reasons = [_("Same person as line %(line)s.") % {"line": seen[key]}]
            elif key in holders:
                reasons = [
                    _(
                        "%(name)s already holds ticket %(reference)s, still open (issue it from the form if this "
                        "is another person)."
                    )
                    % {"name": shown, "reference": holders[key].display_reference}
                ]
            else:
                seen[key] = number
                to_issue.append((number, shown, person))
                continue
        report.rejected.append(Rejected(number, shown, " ".join(reasons)))
    for number, shown, person in to_issue:
        try:
            with transaction.atomic():
                ticket = services.ticket_issue(actor=actor, organisation=organisation, beneficiary=person)
        except services.TicketError as error:
            report.rejected.append(Rejected(number, shown, str(error)))
        except DatabaseError:
            report.rejected.append(Rejected(number, shown, _("This line could not be saved: import it again.")))
        else:
            report.issued.append(ticket)
    report.rejected.sort(key=lambda r: r.line)
    return report


def model_file() -> bytes:
    """The empty model: the header line, in UTF-8 with a BOM and semicolons (Excel in France)."""
    return ("\ufeff" + ";".join(COLUMNS) + "\r\n").encode("utf-8")


# --- The form ---------------------------------------------------------------------------------


class ImportForm(forms.Form):
    organisation = forms.ModelChoiceField(label=gettext_lazy("Prescriber"), queryset=None, empty_label=None)
    file = forms.FileField(
        label=gettext_lazy("File of beneficiaries"),
        help_text=gettext_lazy("CSV (UTF-8 or Windows-1252, comma or semicolon) or XLSX, 2 MB at most."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        mine = list(organisations)
        self.only = mine[0] if len(mine) == 1 else None
        if self.only is not None:  # nothing to choose: their organisation, even when not sent
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["organisation"].required = False
            self.initial.setdefault("organisation", self.only.pk)

    def clean_organisation(self):
        return self.cleaned_data.get("organisation") or self.only

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if name.endswith((".xls", ".ods")):
            raise ValidationError(
                _("This spreadsheet format is not read: save it as XLSX (Excel workbook) or CSV."), code="format"
            )
        if not name.endswith(EXTENSIONS):
            raise ValidationError(_("Send a CSV or XLSX file."), code="format")
        if upload.size > MAX_BYTES:
            raise ValidationError(
                _("This file is too big (%(size)s): 2 MB at most. Split it into several files.")
                % {"size": filesizeformat(upload.size)},
                code="size",
            )
        return upload
