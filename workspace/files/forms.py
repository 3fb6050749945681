from django import forms
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class UploadForm(forms.Form):
    files = MultipleFileField(label=_("Files to add"), required=True)


class FolderForm(forms.Form):
    name = forms.CharField(label=_("New folder"), max_length=120)


class RenameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)


class MoveForm(forms.Form):
    folder = forms.ModelChoiceField(label=_("Folder"), queryset=None, required=False, empty_label=_("(root)"))

    def __init__(self, *args, folders=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["folder"].queryset = folders
