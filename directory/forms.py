from django import forms
from django.utils.translation import gettext_lazy as _

from directory import vocabularies as voc
from directory.selectors import PlaceFilters, commune_location, territories_with_places


class DirectoryFilterForm(forms.Form):
    """The filters of the map and list, as GET parameters (French names: they are addresses)."""

    q = forms.CharField(label=_("Name or commune"), required=False, max_length=100)
    territoire = forms.ChoiceField(label=_("Territory"), required=False)
    service = forms.ChoiceField(
        label=_("Service"), required=False, choices=[("", _("All services"))] + [(v, v) for v in voc.SERVICES]
    )
    public = forms.ChoiceField(
        label=_("Public"), required=False, choices=[("", _("All publics"))] + [(v, v) for v in voc.PUBLICS]
    )
    ouvert = forms.BooleanField(label=_("Open now"), required=False)
    espap = forms.BooleanField(label=_("esp@p point"), required=False)
    ticket = forms.BooleanField(label=_("Ticket déclic partner"), required=False)
    pres_de = forms.CharField(
        label=_("Near a commune"),
        required=False,
        max_length=100,
        help_text=_("Name or postcode, e.g. Gramat or 46500."),
    )
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lng = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    departement = forms.RegexField(regex=r"^(\d{2,3}|2[AB])$", required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territoire"].choices = [("", _("All territories"))] + [
            (t.slug, t.name) for t in territories_with_places()
        ]

    def clean(self):
        data = super().clean()
        near = data.get("pres_de", "").strip()
        if near and data.get("lat") is None:
            location = commune_location(near)
            if location is None:
                self.add_error("pres_de", _("No place is known in this commune. Check the spelling or try a postcode."))
            else:
                data["lat"], data["lng"] = location
        return data

    def filters(self) -> PlaceFilters:
        """The filters asked for; invalid values are ignored (the form shows why)."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        lat, lng = data.get("lat"), data.get("lng")
        return PlaceFilters(
            territory=data.get("territoire") or "",
            service=data.get("service") or "",
            public=data.get("public") or "",
            open_now=bool(data.get("ouvert")),
            espap=bool(data.get("espap")),
            ticket_declic=bool(data.get("ticket")),
            text=(data.get("q") or "").strip(),
            department=data.get("departement") or "",
            near=(lat, lng) if lat is not None and lng is not None else None,
        )


class PlaceImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file in the national schema"),
        help_text=_("Columns of the national schema of places of digital mediation, UTF-8, comma-separated."),
    )
    territory = forms.ModelChoiceField(
        label=_("Territory of new places"),
        queryset=None,
        required=False,
        help_text=_("New places whose commune is not already in a territory go here."),
    )

    MAX_BYTES = 20 * 1024 * 1024

    def __init__(self, *args, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories
        if len(territories) == 1:
            self.fields["territory"].initial = territories[0]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("Choose a .csv file."))
        raw = upload.read()
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file must be encoded in UTF-8.")) from None
