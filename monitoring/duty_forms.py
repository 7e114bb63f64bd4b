"""The filters of the duty drill-downs (monitoring/views/duties.py): the dashboard's, plus which state and
which counter."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dossiers.handover import HANDOVER_STATE_LABELS
from monitoring.forms import SupervisionFilterForm


class HandoverListForm(SupervisionFilterForm):
    state = forms.ChoiceField(label=_("Hand-over state"), choices=list(HANDOVER_STATE_LABELS.items()))
    counter = forms.IntegerField(
        label=_("Counter"), required=False, min_value=0, help_text=_("0: received without a counter.")
    )
