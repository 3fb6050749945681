from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from workspace.people.models import User


class _CurrentPicture:
    """What a file input shows of the picture already there: a link to its checked address."""

    def __init__(self, url, label):
        self.url, self.label = url, label

    def __str__(self):
        return str(self.label)


class PrivatePictureInput(forms.ClearableFileInput):
    """A picture on the private storage, linked by its checked address (``checked_url``), never
    by the storage's own name and URL."""

    checked_url = ""

    def format_value(self, value):
        value = super().format_value(value)
        if value is not None and self.checked_url:
            return _CurrentPicture(self.checked_url, _("your current photo"))
        return value


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "display_name",
            "photo",
            "job_title",
            "place",
            "territory",
            "skills",
            "bio",
            "email_visibility",
            "phone",
            "phone_visibility",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4}), "photo": PrivatePictureInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = self.fields["place"].queryset.live().order_by("title")
        self.fields["photo"].widget.attrs["accept"] = "image/jpeg,image/png,image/webp"
        self.fields["photo"].widget.checked_url = self.instance.photo_url

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "size") and photo.size > settings.PROFILE_PHOTO_MAX_BYTES:
            raise forms.ValidationError(
                _("The photo is too large (%(size)s MB); the limit is %(limit)s MB."),
                params={
                    "size": round(photo.size / 1024 / 1024, 1),
                    "limit": settings.PROFILE_PHOTO_MAX_BYTES // 1024 // 1024,
                },
            )
        return photo

    def clean(self):
        cleaned = super().clean()
        place, territory = cleaned.get("place"), cleaned.get("territory")
        if place and territory and place.territory_id != territory.pk:
            self.add_error(
                "place", _("This place belongs to another territory (%(name)s).") % {"name": place.territory}
            )
        return cleaned


class RegistrationForm(forms.ModelForm):
    """The public registration request. ``website`` is a honeypot: people never see it."""

    website = forms.CharField(required=False, label=_("Leave this field empty"))

    class Meta:
        from workspace.people.models import RegistrationRequest

        model = RegistrationRequest
        fields = ["first_name", "last_name", "email", "territory", "place", "role", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "place": _("The public digital space where you work or volunteer, if any."),
            "message": _("A word for the referent of your territory: your activity, your projects."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from directory.models import PlacePage

        self.fields["place"].queryset = (
            PlacePage.objects.live().select_related("territory").order_by("territory__name", "commune", "title")
        )
        self.fields["place"].label_from_instance = lambda p: f"{p.commune} – {p.title}"
        self.fields["territory"].empty_label = _("Choose your territory")
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        honeypot = self.fields["website"].widget
        honeypot.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean(self):
        cleaned = super().clean()
        place, territory = cleaned.get("place"), cleaned.get("territory")
        if place and territory and place.territory_id != territory.pk:
            self.add_error(
                "place", _("This place belongs to another territory (%(name)s).") % {"name": place.territory}
            )
        return cleaned


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the person)"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class AuditFilterForm(forms.Form):
    territory = forms.ModelChoiceField(queryset=None, required=False, label=_("Territory"), empty_label=_("All"))
    action = forms.ChoiceField(required=False, label=_("Action"))
    q = forms.CharField(required=False, label=_("Contains"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from directory.models import Territory
        from workspace.people.models import AuditEntry

        self.fields["territory"].queryset = Territory.objects.all()
        actions = AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
        self.fields["action"].choices = [("", _("All"))] + [(a, a) for a in actions]


class MemberFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("Name, job or skill"))
    territory = forms.ModelChoiceField(queryset=None, required=False, label=_("Territory"), empty_label=_("All"))
    place = forms.ModelChoiceField(queryset=None, required=False, label=_("Place"), empty_label=_("All"))
    skill = forms.CharField(required=False, label=_("Skill"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from directory.models import PlacePage, Territory

        self.fields["territory"].queryset = Territory.objects.all()
        self.fields["place"].queryset = PlacePage.objects.live().order_by("commune", "title")
        self.fields["place"].label_from_instance = lambda p: f"{p.commune} – {p.title}"
