from django import forms
from django.utils.translation import gettext_lazy as _

from workspace.contacts.models import Post


class PostForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = ["text", "link", "image", "visibility"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "placeholder": _("Share news with your network…")})}
        labels = {"text": _("Your message")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["image"].widget.attrs["accept"] = "image/jpeg,image/png,image/webp"
        self.fields["link"].widget.attrs["placeholder"] = "https://"
