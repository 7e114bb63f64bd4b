"""Admin autocomplete that survives a value that is not an id.

Django's AutocompleteSelect looks the submitted (or `?agency=` prefilled) value up as is to show it as
selected: `agency=abc` or `²` raised ValueError while rendering the add or change page (a 500). Values
the related key cannot hold are dropped here; the form itself still says the choice is invalid.
"""

from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError


class TolerantAutocompleteSelect(AutocompleteSelect):
    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        key = remote.model._meta.get_field(getattr(remote, "field_name", None) or remote.model._meta.pk.name)
        return super().optgroups(name, [v for v in value if _holds(key, v)], attr)


def _holds(key, value) -> bool:
    try:
        key.to_python(value)
    except (ValidationError, ValueError, TypeError):
        return False
    return True


class TolerantAutocompleteMixin:
    """For a ModelAdmin or inline with autocomplete_fields: the widget above instead of Django's."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = TolerantAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
