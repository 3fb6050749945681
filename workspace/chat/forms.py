"""Forms of the chat pages (the messages themselves go through the HTTP API or the socket)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from workspace.chat.models import THREAD_MAX_MEMBERS


class ThreadForm(forms.Form):
    """A new private thread: a name and a few of one's contacts (the only people one is sure to
    know; a conversation with anyone else starts from their profile)."""

    name = forms.CharField(label=_("Name of the thread"), max_length=120, required=False)
    members = forms.ModelMultipleChoiceField(
        label=_("Members"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one member.")},
    )

    def __init__(self, *args, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = contacts
        self.fields["members"].label_from_instance = lambda user: user.get_display_name()
        self.fields["members"].help_text = _("Up to %(n)s people with you.") % {"n": THREAD_MAX_MEMBERS - 1}

    def clean_members(self):
        members = self.cleaned_data["members"]
        if len(members) > THREAD_MAX_MEMBERS - 1:
            raise forms.ValidationError(_("A private thread has at most %(n)s people.") % {"n": THREAD_MAX_MEMBERS})
        return members
