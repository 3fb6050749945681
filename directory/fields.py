"""A multiple-choice model field stored as the national schema stores it: values joined by ``|``.

Keeping the schema's own text form in the database makes the export a copy, works on every
database (no JSON operators needed to filter), and a filter on one value is a plain ``LIKE``.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

SEPARATOR = "|"


def split_values(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in str(value).split(SEPARATOR) if v.strip()]


class PipeListField(models.TextField):
    """A list of values from a fixed vocabulary (the python value is a list of strings)."""

    def __init__(self, *args, vocabulary=(), **kwargs):
        self.vocabulary = list(vocabulary)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["vocabulary"] = self.vocabulary
        if kwargs.get("blank") is True:
            kwargs.pop("blank")
        if kwargs.get("default") is list:
            kwargs.pop("default")
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return split_values(value)

    def to_python(self, value):
        return split_values(value)

    def get_prep_value(self, value):
        return SEPARATOR.join(split_values(value))

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance):
        values = split_values(value)
        unknown = [v for v in values if v not in self.vocabulary]
        if unknown:
            raise ValidationError(_("Unknown value: %(values)s."), params={"values": ", ".join(unknown)})
        if not values and not self.blank:
            raise ValidationError(self.error_messages["blank"], code="blank")

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": [(v, v) for v in self.vocabulary],
            "widget": forms.CheckboxSelectMultiple,
            "required": not self.blank,
            "label": self.verbose_name,
            "help_text": self.help_text,
        }
        defaults.update(kwargs)
        form_class = defaults.pop("form_class")
        for key in ("max_length", "empty_value", "choices_form_class", "coerce"):
            defaults.pop(key, None)
        return form_class(**defaults)


def has_value(field_name: str, value: str) -> Q:
    """Q object: the pipe list in ``field_name`` contains ``value``."""
    return (
        Q(**{field_name: value})
        | Q(**{f"{field_name}__startswith": value + SEPARATOR})
        | Q(**{f"{field_name}__endswith": SEPARATOR + value})
        | Q(**{f"{field_name}__contains": SEPARATOR + value + SEPARATOR})
    )
