"""Forms of the appointments: publishing slots, booking for an inhabitant (by a mediator or on the
public page), cancelling, rescheduling, recording the outcome."""

import datetime
import functools

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from workspace.espap.models import SLOT_MINUTES, Appointment
from workspace.espap.services import CONSENT_WORDING


class SlotForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time", "step": 300}))
    minutes = forms.TypedChoiceField(
        label=_("Length"),
        coerce=int,
        choices=[(m, _("%(minutes)s minutes") % {"minutes": m}) for m in SLOT_MINUTES],
        initial=30,
    )
    weeks = forms.IntegerField(
        label=_("Repeat every week for"),
        min_value=1,
        max_value=26,
        initial=1,
        help_text=_("1 for a one-off slot; up to 26 weeks."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    count = forms.IntegerField(
        label=_("Consecutive slots"),
        min_value=1,
        max_value=12,
        initial=1,
        help_text=_("Several slots one after the other, e.g. 4 × 30 minutes from 9:00."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    sites = forms.ModelMultipleChoiceField(
        label=_("Sites where it can be booked"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, sites=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sites"].queryset = sites

    def starts(self) -> list[datetime.datetime]:
        data = self.cleaned_data
        first = timezone.make_aware(datetime.datetime.combine(data["day"], data["time"]))
        return [first + datetime.timedelta(minutes=data["minutes"] * n) for n in range(data["count"])]


class InhabitantForm(forms.Form):
    """The inhabitant, as the mediator (or the inhabitant themself) gives them."""

    name = forms.CharField(label=_("Name and first name"), max_length=150)
    phone = forms.CharField(
        label=pgettext_lazy("espap", "Phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label=_("E-mail"), required=False, help_text=_("For the confirmation and the reminder."))
    subject = forms.CharField(
        label=_("Subject of the appointment"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    documents = forms.CharField(
        label=_("Documents to bring"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    consent = forms.BooleanField(label=CONSENT_WORDING, required=True)

    def fields_dict(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "consent"}


class PublicRequestForm(InhabitantForm):
    slot = forms.TypedChoiceField(label=_("Time"), coerce=int, widget=forms.RadioSelect)
    website = forms.CharField(
        required=False, label="", widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [
            (s.pk, date_format(timezone.localtime(s.starts_at), "l j F, H:i")) for s in slots
        ]
        self.fields["consent"].label = _(
            "I agree that my name, my contact details and the subject of my request are kept by the esp@p "
            "and the partner agency to organise this appointment, and erased afterwards."
        )

    def clean(self):
        data = super().clean()
        if not data.get("phone") and not data.get("email"):
            self.add_error("phone", _("Give a phone number or an e-mail address so that the place can confirm."))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, help_text=_("The inhabitant and the advisor are told."))


class RescheduleForm(ReasonForm):
    slot = forms.TypedChoiceField(label=_("New time"), coerce=int)

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [
            (s.pk, f"{timezone.localtime(s.starts_at):%d/%m/%Y %H:%M} · {s.advisor.user.get_display_name()}")
            for s in slots
        ]


OTHER = ("other", _("Other"))
# the subject's category, per agency (kept as keys; shown in the language of the reader)
CATEGORIES = {
    "caf": [("benefits", _("Benefits")), ("housing", _("Housing aid")), ("activity", _("Activity bonus")), OTHER],
    "cpam": [
        ("rights", _("Health insurance rights")),
        ("refunds", _("Reimbursements")),
        ("css", _("Complementary health cover")),
        OTHER,
    ],
    "cram": [("retirement", _("Retirement")), ("career", _("Career record")), OTHER],
    "udaf": [("family", _("Family mediation")), ("budget", _("Budget")), OTHER],
    "mloc": [("job", _("Job search")), ("training", _("Training")), ("mobility", _("Housing and mobility")), OTHER],
    "anpe": [("registration", _("Registration")), ("job", _("Job search")), ("training", _("Training")), OTHER],
}


def categories_for(agency_code: str):
    return CATEGORIES.get(agency_code, [OTHER])


def category_label(agency_code: str, key: str) -> str:
    """The category's label in the current language (asked once per row of a long export)."""
    return _category_label(get_language(), agency_code, key)


@functools.lru_cache(maxsize=256)
def _category_label(language: str, agency_code: str, key: str) -> str:
    return str(dict(categories_for(agency_code)).get(key, key))


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(s, label) for s, label in Appointment.Status.choices if s in Appointment.OUTCOMES],
        widget=forms.RadioSelect,
    )
    category = forms.ChoiceField(label=_("Subject category"), required=False)
    note = forms.CharField(
        label=_("Follow-up note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kept by the advisor's agency; not shown to the place."),
    )

    def __init__(self, *args, agency_code: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—"), *categories_for(agency_code)]
