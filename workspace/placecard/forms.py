"""The card form: the place's fields an animator keeps current, and its opening hours entered
day by day (morning and afternoon), with exceptional closures and public holidays, turned into
the OpenStreetMap text the directory stores (``directory.hours.compose``) and read back from it
(``directory.hours.decompose``)."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from directory import hours
from directory.hours import validate_opening_hours
from directory.models import PlacePage

DAYS = (
    ("mo", _("Monday")),
    ("tu", _("Tuesday")),
    ("we", _("Wednesday")),
    ("th", _("Thursday")),
    ("fr", _("Friday")),
    ("sa", _("Saturday")),
    ("su", _("Sunday")),
)
HALVES = (("am", _("morning")), ("pm", _("afternoon")))
CLOSURE_ROWS = 3
MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PlaceCardForm(forms.ModelForm):
    """Bound to a *copy* of the place (its latest revision): validation never touches the live
    page; ``changes()`` is what the service records."""

    holidays_closed = forms.BooleanField(label=_("Closed on public holidays"), required=False)
    raw_hours = forms.CharField(
        label=_("Opening hours in OpenStreetMap format (advanced)"),
        required=False,
        max_length=255,
        help_text=_("If you change this text, it replaces the hours entered above."),
    )
    photo = forms.ImageField(label=_("Add a photo"), required=False, help_text=_("JPEG, PNG or WebP, 5 MB at most."))
    photo_caption = forms.CharField(
        label=_("Description of the photo (alternative text)"), required=False, max_length=200
    )
    remove_photos = forms.TypedMultipleChoiceField(
        label=_("Remove photos"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = PlacePage
        fields = [
            "summary",
            "description",
            "phone",
            "email",
            "website",
            "booking_url",
            "workstations",
            "services",
            "support_modes",
            "publics",
            "specific_support",
            "access_modes",
            "fees",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3}), "description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # the model's names are lower case ("services")
            field.label = capfirst(field.label)
        self.current_hours = self.instance.opening_hours or ""
        structure = hours.decompose(self.current_hours)
        # The simple form shows the hours when it can say them all: else the text is edited.
        self.advanced_only = structure is None or not structure.exact or any(len(s) > 2 for s in structure.week)
        for code, day in DAYS:
            for half, half_label in HALVES:
                for edge, edge_label in (("start", _("from")), ("end", _("to"))):
                    self.fields[f"{code}_{half}_{edge}"] = forms.TimeField(
                        label=f"{day}, {half_label}, {edge_label}", required=False, widget=TimeInput()
                    )
        for index in range(CLOSURE_ROWS):
            self.fields[f"closure_{index}_start"] = forms.DateField(
                label=_("Closed from"), required=False, widget=DateInput()
            )
            self.fields[f"closure_{index}_end"] = forms.DateField(label=_("to"), required=False, widget=DateInput())
        self.fields["raw_hours"].initial = self.current_hours
        if structure is not None and not self.advanced_only:
            for (code, _day), slots in zip(DAYS, structure.week, strict=True):
                for (half, _label), (start, end) in zip(HALVES, slots, strict=False):
                    self.fields[f"{code}_{half}_start"].initial = start
                    self.fields[f"{code}_{half}_end"].initial = None if end == dt.time(23, 59) else end
            today = dt.date.today()
            closures = [c for c in structure.closures if c.dated and c.end >= today]
            for index, closure in enumerate(closures[:CLOSURE_ROWS]):
                self.fields[f"closure_{index}_start"].initial = closure.start
                self.fields[f"closure_{index}_end"].initial = closure.end
            self.fields["holidays_closed"].initial = structure.holidays_closed
            # closures already past are kept as they were (they say nothing any more)
            self.kept_closures = [c for c in structure.closures if c.dated and c.end < today]
        else:
            self.kept_closures = []
        photos = list(self.instance.photos.all())
        self.fields["remove_photos"].choices = [(p.pk, p.caption) for p in photos if p.pk]
        self.existing_photos = photos

    # -- the hours grid, for the template -------------------------------------------------------
    def day_rows(self):
        return [
            (day, [self[f"{code}_{half}_{edge}"] for half, _l in HALVES for edge in ("start", "end")])
            for code, day in DAYS
        ]

    def closure_rows(self):
        return [(self[f"closure_{i}_start"], self[f"closure_{i}_end"]) for i in range(CLOSURE_ROWS)]

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            if photo.size > MAX_PHOTO_BYTES:
                raise ValidationError(_("The photo weighs more than 5 MB."))
            content_type = getattr(getattr(photo, "image", None), "format", "")
            if content_type and f"image/{content_type.lower()}" not in PHOTO_TYPES:
                raise ValidationError(_("The photo must be a JPEG, PNG or WebP image."))
        return photo

    def _built_hours(self, data) -> str:
        week = []
        for code, _day in DAYS:
            slots = []
            for half, _label in HALVES:
                start, end = data.get(f"{code}_{half}_start"), data.get(f"{code}_{half}_end")
                if start is None and end is None:
                    continue
                if start is None or end is None:
                    self.add_error(f"{code}_{half}_{'end' if end is None else 'start'}", _("Give both times."))
                    continue
                if start >= end:
                    self.add_error(f"{code}_{half}_end", _("The closing time must be after the opening time."))
                    continue
                slots.append((start, end))
            if len(slots) == 2 and slots[0][1] > slots[1][0]:
                self.add_error(f"{code}_pm_start", _("The afternoon must begin after the morning ends."))
            week.append(slots)
        closures = list(self.kept_closures)
        for index in range(CLOSURE_ROWS):
            start, end = data.get(f"closure_{index}_start"), data.get(f"closure_{index}_end")
            if start is None and end is None:
                continue
            if start is None:
                self.add_error(f"closure_{index}_start", _("Give the first day of the closure."))
                continue
            end = end or start
            if end < start:
                self.add_error(f"closure_{index}_end", _("The last day must not be before the first."))
                continue
            closures.append(hours.Closure(start, end))
        return hours.compose(week=week, closures=closures, holidays_closed=bool(data.get("holidays_closed")))

    def clean(self):
        data = super().clean()
        raw = (data.get("raw_hours") or "").strip()
        if self.advanced_only or raw != self.current_hours.strip():
            value, field = raw, "raw_hours"
        else:
            value, field = self._built_hours(data), None
        try:
            validate_opening_hours(value)
        except ValidationError as error:
            self.add_error(field, error)
        if len(value) > 255:
            self.add_error(field, _("These opening hours are too long (255 characters at most)."))
        self.opening_hours = value
        if data.get("photo") and not (data.get("photo_caption") or "").strip():
            self.add_error("photo_caption", _("Describe the photo for people who cannot see it."))
        return data

    def changes(self) -> dict:
        values = {name: self.cleaned_data[name] for name in self._meta.fields}
        values["opening_hours"] = self.opening_hours
        return values

    def photos_add(self):
        photo = self.cleaned_data.get("photo")
        return [(photo, self.cleaned_data["photo_caption"].strip())] if photo else []
