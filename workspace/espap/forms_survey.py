"""The forms of the satisfaction survey: the public form, built from ``survey.QUESTIONS``; the
coordinator's period forms; the date filter of the results."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from workspace.espap import survey

HONEYPOT = "website"


def _field(question: survey.Question, site) -> forms.Field:
    common = {
        "label": question.label,
        "required": question.required,
        "help_text": question.help_text,
        "error_messages": {"required": _("Please answer this question.")},
    }
    if question.kind == survey.MULTIPLE:
        return forms.MultipleChoiceField(choices=question.choices, widget=forms.CheckboxSelectMultiple, **common)
    if question.kind == survey.SCALE:
        return forms.TypedChoiceField(
            choices=[(str(value), label) for value, label in question.choices],
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            **common,
        )
    if question.kind == survey.YESNO:
        return forms.TypedChoiceField(
            choices=[("yes" if value else "no", label) for value, label in question.choices],
            coerce=lambda value: value == "yes",
            empty_value=None,
            widget=forms.RadioSelect,
            **common,
        )
    if question.kind == survey.AGENCY:
        choices = [("", pgettext_lazy("espap survey", "— choose —"))]
        choices += [(agency.code, agency.name) for agency in survey.agencies_for(site)]
        choices += [(survey.NO_AGENCY, pgettext_lazy("espap survey", "No agency"))]
        return forms.ChoiceField(choices=choices, **common)
    if question.kind == survey.CHOICE:
        if question.widget == "select":
            choices = [("", pgettext_lazy("espap survey", "— choose —")), *question.choices]
            return forms.ChoiceField(choices=choices, **common)
        return forms.ChoiceField(choices=question.choices, widget=forms.RadioSelect, **common)
    if question.kind == survey.TEXT:
        return forms.CharField(
            max_length=survey.COMMENT_MAX,
            widget=forms.Textarea(attrs={"rows": 4, "maxlength": survey.COMMENT_MAX}),
            **common,
        )
    raise ValueError(f"unknown kind of question {question.kind!r}")


class SurveyForm(forms.Form):
    """The public survey of one site. ``website`` is a honeypot: people never see it."""

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.site = site
        for question in survey.QUESTIONS:
            self.fields[question.key] = _field(question, site)
        self.fields[HONEYPOT] = forms.CharField(
            required=False,
            label=_("Leave this field empty"),
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )

    def rows(self):
        """[(question, bound field)] in the order of the survey."""
        return [(question, self[question.key]) for question in survey.QUESTIONS]

    def answers(self) -> dict:
        """The cleaned answers, keyed by question, as ``survey.answer_submit`` takes them."""
        return {question.key: self.cleaned_data.get(question.key) for question in survey.QUESTIONS}


class PeriodForm(forms.Form):
    """The network's period (no ``site``) or a site's own."""

    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    closes_on = forms.DateField(label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, with_site: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_site:
            from workspace.espap import permissions as policy

            self.fields = {
                "site": forms.ModelChoiceField(
                    label=pgettext_lazy("espap", "Site"),
                    queryset=policy.sites().order_by("title"),
                    empty_label=pgettext_lazy("espap survey", "— choose —"),
                ),
                **self.fields,
            }


class ResultsFilterForm(forms.Form):
    """``du`` / ``au``: the answers of these days (both optional)."""

    du = forms.DateField(
        label=pgettext_lazy("espap survey", "From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    au = forms.DateField(
        label=pgettext_lazy("espap survey", "To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("du"), cleaned.get("au")
        if start and end and end < start:
            self.add_error("au", _("The end of the period comes before its start."))
        return cleaned

    def dates(self) -> tuple[datetime.date | None, datetime.date | None]:
        if not self.is_valid():
            return None, None
        return self.cleaned_data.get("du"), self.cleaned_data.get("au")
