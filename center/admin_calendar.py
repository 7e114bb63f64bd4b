"""The working-day calendar in the admin: the center's own overrides and the government's decisions.

Saving or deleting either recomputes, in the same transaction, the deadlines of the open dossiers whose
window holds the date (dossiers/deadlines.py), and says how many moved.
"""

from __future__ import annotations

from functools import partial

from django.contrib import admin, messages
from django.contrib.admin import widgets
from django.db import models
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from center.dates import validate_date_in_range
from center.models import CalendarOverride, NationalDayChange


class CalendarChangeAdmin(admin.ModelAdmin):
    """Every save and delete goes through dossiers.deadlines.calendar_change."""

    # Dates within the portal's range (center/dates.py): a day in year 9999 overflowed the recomputation.
    formfield_overrides = {
        models.DateField: {"widget": widgets.AdminDateWidget, "validators": [validate_date_in_range]},
    }

    def _reason(self, obj, verb: str) -> str:
        raise NotImplementedError

    def _dates_before(self, obj) -> set:
        if obj.pk is None:
            return set()
        return set(type(obj).objects.filter(pk=obj.pk).values_list("date", flat=True))

    def _apply(self, request, dates, reason, change) -> None:
        from dossiers.deadlines import calendar_change

        with calendar_change(dates=dates, reason=reason, by=request.user) as result:
            change()
        if result.moved:
            self.message_user(
                request,
                ngettext(
                    "The due date of %(count)d open dossier was recomputed: %(codes)s.",
                    "The due dates of %(count)d open dossiers were recomputed: %(codes)s.",
                    len(result.moved),
                )
                % {"count": len(result.moved), "codes": ", ".join(result.moved[:20])},
                messages.INFO,
            )
        if result.unexplained:
            self.message_user(
                request,
                gettext(
                    "These dossiers' due dates were not computed from the calendar alone (the procedure's "
                    "time may have changed since receipt) and were left as they are; check them: %(codes)s."
                )
                % {"codes": ", ".join(result.unexplained[:20])},
                messages.WARNING,
            )

    def save_model(self, request, obj, form, change):
        verb = gettext("changed") if change else gettext("added")
        dates = self._dates_before(obj) | {obj.date}
        save = partial(super().save_model, request, obj, form, change)
        self._apply(request, dates, self._reason(obj, verb), save)

    def delete_model(self, request, obj):
        delete = partial(super().delete_model, request, obj)
        self._apply(request, self._dates_before(obj), self._reason(obj, gettext("removed")), delete)

    def delete_queryset(self, request, queryset):
        rows = list(queryset)
        reason = "; ".join(self._reason(obj, gettext("removed")) for obj in rows)
        delete = partial(super().delete_queryset, request, queryset)
        self._apply(request, {obj.date for obj in rows}, reason, delete)


def _one_fieldset(fields: list[str], description) -> list:
    """The form in one block, headed by the explanation an administrator needs before saving."""
    return [(None, {"fields": fields, "description": description})]


def _reason_text(template: str, obj, verb: str, **extra) -> str:
    day = gettext("working day") if obj.is_working_day else gettext("day off")
    return template % {"verb": verb, "date": f"{obj.date:%d/%m/%Y}", "day": day, **extra}


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(CalendarChangeAdmin):
    list_display = ["date", "is_working_day", "reason"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"
    fieldsets = _one_fieldset(
        ["date", "is_working_day", "reason"],
        _(
            "The center's own days off and working days come first: they win over the government's "
            "decisions and the public holiday calendar. A holiday announced without a legal basis "
            "yet is not a day off by default (e.g. Vietnam Cultural Day, 24/11, chosen by the "
            "Politburo's Resolution 80-NQ/TW but not yet in the Labour Code): if the province "
            "tells the center to close that day, add it here as a day off (working day unticked), "
            "with the document in the reason. Saving recomputes the due dates of the open dossiers "
            "it touches."
        ),
    )

    def _reason(self, obj, verb):
        template = gettext("Calendar change by the center, %(verb)s: %(date)s %(day)s (%(reason)s).")
        return _reason_text(template, obj, verb, reason=obj.reason)


@admin.register(NationalDayChange)
class NationalDayChangeAdmin(CalendarChangeAdmin):
    list_display = ["date", "is_working_day", "kind", "document_number", "document_date", "issuer"]
    list_filter = ["kind", "is_working_day", "issuer"]
    search_fields = ["document_number", "note"]
    date_hierarchy = "date"
    fieldsets = _one_fieldset(
        ["date", "kind", "is_working_day", "document_number", "document_date", "issuer", "note"],
        _(
            "The government's yearly holiday decisions for civil servants: days off swapped with a "
            "Saturday worked, the Saturdays worked in exchange, the days of Tết and of National Day "
            "it fixes, and days off it adds. They win over the public holiday calendar, and the "
            "center's own overrides win over them. When the Government Office or the Ministry of "
            "Home Affairs announces next year's holidays, add one row per date with the document's "
            "number and date. Saving recomputes the due dates of the open dossiers it touches."
        ),
    )

    def _reason(self, obj, verb):
        template = gettext("National calendar decision %(verb)s: %(date)s %(day)s (%(source)s).")
        return _reason_text(template, obj, verb, source=obj.source)
