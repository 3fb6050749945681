"""The weekly counting grid's form: one whole-number input per row (the services, the visio
interviews per partner agency, the publics) and a comment. A blank input counts 0; anything but a
whole number from 0 to 100,000 is refused with its own message, the rest of what was typed kept."""

from django import forms
from django.utils.translation import gettext_lazy as _

from workspace.espap import grids

MAX_COUNT = 100_000  # the services' own bound (``services._whole_counts``)

COUNT_ERRORS = {
    "invalid": _("Enter a whole number, 0 or more (no decimals, no letters)."),
    "min_value": _("Enter a whole number, 0 or more (no decimals, no letters)."),
    "max_value": _("At most 100,000 a week."),
}

SERVICE, VISIO, PUBLIC = "service_", "visio_", "public_"


def count_field(label) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_COUNT,
        error_messages=COUNT_ERRORS,
        widget=forms.NumberInput(attrs={"step": "1", "inputmode": "numeric", "placeholder": "0"}),
    )


class GridForm(forms.Form):
    """``agencies``: the partner agencies in the order of the page (the site's own first)."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        help_text=_("Anything that explains the week's figures (closed days, an event…)."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        comment = self.fields.pop("comment")
        for key, label in grids.SERVICES.items():
            self.fields[SERVICE + key] = count_field(label)
        for agency in agencies:
            self.fields[VISIO + agency.code] = count_field(agency.name)
        for key, label in grids.PUBLICS.items():
            self.fields[PUBLIC + key] = count_field(label)
        self.fields["comment"] = comment
        self.agencies = list(agencies)

    @staticmethod
    def initial_for(grid) -> dict:
        """What the inputs show for a stored or pre-filled grid (0 shows as blank)."""
        initial = {"comment": grid.comment}
        for prefix, counts in ((SERVICE, grid.services), (VISIO, grid.visio), (PUBLIC, grid.publics)):
            initial.update({prefix + key: value for key, value in (counts or {}).items() if value})
        return initial

    def _group(self, prefix: str) -> list:
        return [self[name] for name in self.fields if name.startswith(prefix)]

    def service_fields(self):
        return self._group(SERVICE)

    def visio_fields(self):
        return self._group(VISIO)

    def public_fields(self):
        return self._group(PUBLIC)

    def _counts(self, prefix: str) -> dict[str, int]:
        data = self.cleaned_data
        return {name[len(prefix) :]: data.get(name) or 0 for name in self.fields if name.startswith(prefix)}

    def counts(self) -> dict:
        """The keyword arguments of ``services.grid_save`` (a valid form only)."""
        return {
            "services": self._counts(SERVICE),
            "visio": self._counts(VISIO),
            "publics": self._counts(PUBLIC),
            "comment": self.cleaned_data.get("comment", ""),
        }

    def value_of(self, name: str) -> int:
        """The number a row holds now: what was typed when valid, else the grid's value."""
        if self.is_bound:
            return getattr(self, "cleaned_data", {}).get(name) or 0
        return self.initial.get(name) or 0

    def totals(self) -> dict[str, int]:
        services = sum(self.value_of(name) for name in self.fields if name.startswith(SERVICE))
        visio = sum(self.value_of(name) for name in self.fields if name.startswith(VISIO))
        return {"services": services, "visio": visio, "all": services + visio}

    def mark_errors(self) -> None:
        """Tie each refused input to its message for assistive technologies."""
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"{self[name].auto_id}-error"}
                )
