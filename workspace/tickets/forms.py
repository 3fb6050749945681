from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from workspace.tickets.models import CONSENT_WORDING, Attendance, Level, Mastery, Public


class IssueForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Prescriber"), queryset=None, empty_label=None)
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    public = forms.ChoiceField(label=_("Public"), choices=Public.choices)
    commune = forms.CharField(label=_("Commune"), max_length=100, required=False)
    postcode = forms.RegexField(
        label=_("Postcode"), regex=r"^\d{5}$", required=False, error_messages={"invalid": _("Five digits.")}
    )
    email = forms.EmailField(label=_("E-mail address"), required=False)
    phone = forms.RegexField(
        label=_("Phone"),
        regex=r"^[0-9 +.()-]{6,20}$",
        required=False,
        error_messages={"invalid": _("A phone number, e.g. 05 65 00 00 00.")},
    )
    consent = forms.BooleanField(
        label=CONSENT_WORDING,
        error_messages={"required": _("The beneficiary's consent is needed to issue a nominative ticket.")},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].widget = forms.HiddenInput()
            self.initial.setdefault("organisation", organisations.first().pk)


class RegisterForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference of the ticket"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


class InterviewForm(forms.Form):
    held_on = forms.DateField(
        label=_("Date of the interview"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, domains, **kwargs):
        super().__init__(*args, **kwargs)
        self.domains = list(domains)
        for domain in self.domains:
            self.fields[f"domain_{domain.pk}"] = forms.TypedChoiceField(
                label=f"{domain.code}. {domain.title}", choices=Level.choices, coerce=int, initial=Level.NONE
            )

    def levels(self) -> dict:
        return {d.pk: self.cleaned_data[f"domain_{d.pk}"] for d in self.domains}


class SessionForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Date and time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    module = forms.ModelChoiceField(label=_("Module"), queryset=None)
    capacity = forms.IntegerField(label=pgettext_lazy("capacity", "Places"), min_value=1, max_value=12)

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = place.modules.filter(active=True)
        self.initial.setdefault("capacity", place.group_size)
        self.initial.setdefault("starts_at", timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0))


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    payment_reference = forms.CharField(label=_("Payment reference"), max_length=60)


ATTENDANCE_CHOICES = [(v, label) for v, label in Attendance.choices]
MASTERY_CHOICES = Mastery.choices
