from django import forms
from django.utils.translation import gettext_lazy as _

from workspace.spaces import modules as registry
from workspace.spaces.models import Membership, Space


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    purpose = forms.CharField(
        label=_("Purpose"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    visibility = forms.ChoiceField(
        label=_("Who can see the group"), choices=Space.Visibility.choices, initial=Space.Visibility.OPEN
    )
    starts_on = forms.DateField(label=_("Start date"), required=False, widget=DateInput())
    ends_on = forms.DateField(
        label=_("End date"),
        required=False,
        widget=DateInput(),
        help_text=_("A working group is temporary: after this date it is archived (read-only)."),
    )

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end date must come after the start date."))
        return data


class GroupCreateForm(GroupForm):
    modules = forms.MultipleChoiceField(
        label=_("Modules"), required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(m.slug, m.label) for m in registry.all_modules() if m.supports(Space.Kind.GROUP)]
        self.fields["modules"].choices = choices
        self.fields["modules"].initial = [slug for slug, _label in choices]


class InviteForm(forms.Form):
    who = forms.CharField(
        label=_("Name or e-mail address"),
        max_length=254,
        help_text=_("A member's full name, or an e-mail address (a colleague without an account yet gets an e-mail)."),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[c for c in Membership.Role.choices if c[0] != Membership.Role.OWNER],
        initial=Membership.Role.MEMBER,
    )
    message = forms.CharField(
        label=_("Message"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class JoinForm(forms.Form):
    message = forms.CharField(
        label=_("A word for the group's administrators"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReopenForm(forms.Form):
    ends_on = forms.DateField(label=_("New end date"), required=False, widget=DateInput())
