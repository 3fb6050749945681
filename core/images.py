"""Pictures members upload (a post's image, a profile photo): checked in the services too, not
only in the forms, since they are shown inline from our own origin."""


def is_new_upload(value) -> bool:
    """True for bytes just sent, False for a file already stored (a FieldFile) or nothing."""
    from django.db.models.fields.files import FieldFile

    return bool(value) and not isinstance(value, FieldFile)


def is_picture(upload) -> bool:
    """Whether Pillow reads ``upload`` as a picture and its extension is a picture's."""
    from django import forms
    from django.core.exceptions import ValidationError

    try:
        forms.ImageField().clean(upload)
    except ValidationError:
        return False
    return True
