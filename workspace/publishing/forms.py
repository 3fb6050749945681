"""The proposal form of the workspace and the public registration form."""

import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.images import is_picture
from home.models import EventPage
from workspace.publishing import permissions as policy
from workspace.publishing import services

DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y")


def _parse_day(text: str) -> datetime.date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title of the workshop"), max_length=200)
    place = forms.ModelChoiceField(label=_("Place"), queryset=None, empty_label=None)
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start_time = forms.TimeField(label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_time = forms.TimeField(label=_("End time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    extra_dates = forms.CharField(
        label=_("Other dates (recurring workshop)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Up to 12 more dates at the same times, one per line, e.g. 14/04/2026."),
    )
    theme = forms.ChoiceField(label=_("Theme"), choices=[("", "—"), *EventPage.Theme.choices], required=False)
    audience = forms.ChoiceField(label=_("Audience"), choices=EventPage.Audience.choices)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What visitors will learn, in two or three sentences (400 characters at most)."),
    )
    registration = forms.ChoiceField(label=_("Registration"), choices=EventPage.Registration.choices)
    capacity = forms.IntegerField(
        label=_("Places available"),
        required=False,
        min_value=1,
        max_value=500,
        help_text=_("Required for online registration; leave empty when not limited."),
    )
    contact = forms.CharField(
        label=_("Registration contact"),
        required=False,
        max_length=200,
        help_text=_("A phone number or an e-mail address; the place's own are used when empty."),
    )
    registration_url = forms.URLField(label=_("Registration link"), required=False, assume_scheme="https")
    image = forms.FileField(
        label=_("Picture"),
        required=False,
        help_text=_("A JPEG, PNG, GIF or WebP picture of at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = policy.proposable_places(user)

    @classmethod
    def initial_for(cls, lead, dates):
        start, end = timezone.localtime(lead.start), timezone.localtime(lead.end)
        initial = {name: getattr(lead, name) for name in services.COMMON_FIELDS}
        initial.update(
            place=lead.place_id,
            day=start.date(),
            start_time=start.time(),
            end_time=end.time(),
            extra_dates="\n".join(timezone.localtime(p.start).strftime("%d/%m/%Y") for p in dates if p.pk != lead.pk),
        )
        return initial

    def clean_extra_dates(self):
        text = self.cleaned_data.get("extra_dates", "")
        days, wrong = [], []
        for token in re.split(r"[\s,;]+", text.strip()):
            if not token:
                continue
            day = _parse_day(token)
            if day is None:
                wrong.append(token)
            elif day not in days:
                days.append(day)
        if wrong:
            raise forms.ValidationError(
                _("Not a date: %(dates)s (write them as 14/04/2026).") % {"dates": ", ".join(wrong[:5])}
            )
        if len(days) > services.MAX_EXTRA_DATES:
            raise forms.ValidationError(_("At most 12 other dates."))
        return sorted(days)

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        if upload.size > services.MAX_IMAGE_BYTES:
            raise forms.ValidationError(_("The picture is larger than 5 MB."))
        if not is_picture(upload):
            raise forms.ValidationError(_("This file is not a picture (JPEG, PNG, GIF or WebP)."))
        upload.seek(0)
        return upload

    def clean(self):
        data = super().clean()
        day, start, end = data.get("day"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            if end <= start:
                self.add_error("end_time", _("The end must come after the start."))
            else:
                data["dates"] = services.split_dates(day, start, end, data.get("extra_dates") or [])
                if data["dates"][0][0] < timezone.now():
                    self.add_error("day", _("The date is past."))
                elif any(s < timezone.now() for s, _e in data["dates"]):
                    self.add_error("extra_dates", _("One of the other dates is past."))
        return data

    def event_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in services.COMMON_FIELDS} | {
            "theme": self.cleaned_data.get("theme") or "",
            "contact": self.cleaned_data.get("contact") or "",
            "registration_url": self.cleaned_data.get("registration_url") or "",
        }

    def add_service_error(self, error):
        """Put a service's ValidationError on the fields it names (end → end time…)."""
        aliases = {"start": "day", "end": "end_time"}
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                field = aliases.get(field, field)
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        else:
            for message in error.messages:
                self.add_error(None, message)


CONSENT_WORDING = _(
    "I agree that my name and contact details are kept by the place to organise this workshop "
    "and tell me about it, and erased afterwards."
)


class RegistrationForm(forms.Form):
    name = forms.CharField(
        label=_("First and last name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-mail address"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        help_text=_("An e-mail address or a phone number is needed; with an e-mail you receive the confirmation."),
    )
    consent = forms.BooleanField(label=CONSENT_WORDING, required=True)
    website = forms.CharField(
        required=False, label="", widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        if phone and not re.fullmatch(r"[+\d][\d .()-]{5,28}", phone):
            raise forms.ValidationError(_("This does not look like a phone number."))
        return phone

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone") and "email" not in self.errors:
            self.add_error("email", _("Give an e-mail address or a phone number."))
        return data
