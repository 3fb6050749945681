from django import forms
from django.utils.translation import gettext_lazy as _

from workspace.agenda.models import Event


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start_time = forms.TimeField(label=_("Start time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("End time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    all_day = forms.BooleanField(label=_("All day"), required=False)
    location = forms.CharField(label=_("Place (free text)"), max_length=200, required=False)
    place = forms.ModelChoiceField(label=_("Or a place of the network"), queryset=None, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    recurrence = forms.ChoiceField(label=_("Repeat"), choices=Event.Recurrence.choices, required=False)
    repeat_until = forms.DateField(
        label=_("Repeat until"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    invitees = forms.CharField(
        label=_("Invite (e-mail addresses, separated by commas)"), required=False, max_length=2000
    )

    def __init__(self, *args, **kwargs):
        from directory.models import PlacePage

        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = PlacePage.objects.live().order_by("title")

    def clean(self):
        data = super().clean()
        if not data.get("all_day") and not data.get("start_time") and "day" in data:
            self.add_error("start_time", _("Give a start time, or tick “All day”."))
        if data.get("start_time") and data.get("end_time") and data["end_time"] < data["start_time"]:
            self.add_error("end_time", _("The end must come after the start."))
        return data
