from django import forms
from django.utils.translation import gettext_lazy as _


class NoteForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Plain text, or simple HTML (bold, italics, lists, links)."),
    )
