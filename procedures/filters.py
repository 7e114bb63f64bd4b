import django_filters

from procedures.models import OnlineLevel, Procedure
from procedures.search import fold


class ProcedureFilter(django_filters.FilterSet):
    agency = django_filters.CharFilter(field_name="agency__code", help_text="Agency code")
    field = django_filters.CharFilter(field_name="field__code", help_text="Field code")
    level = django_filters.ChoiceFilter(field_name="online_level", choices=OnlineLevel.choices)
    q = django_filters.CharFilter(method="search", help_text="Words of the name or code, accents optional")

    class Meta:
        model = Procedure
        fields = ["agency", "field", "level", "q"]

    def search(self, queryset, name, value):
        for word in fold(value).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset
