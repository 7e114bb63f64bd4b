"""Forms of the public tracking pages: the lookup (code + secret) and the satisfaction rating."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dossiers.models import Satisfaction, SatisfactionRating
from dossiers.ratings import COMMENT_MAX
from dossiers.selectors import printed_form
from dossiers.validators import CleanTextField


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Dossier code"),
        max_length=60,
        help_text=_("Printed on your receipt, e.g. H56.01-261123-0042"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    secret = forms.CharField(
        label=_("Lookup secret"),
        max_length=32,
        help_text=_("The 8 letters and digits under the code on your receipt"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_code(self):
        return printed_form(self.cleaned_data["code"])

    def clean_secret(self):
        return printed_form(self.cleaned_data["secret"])


# The five criteria of DOMAIN.md ("Satisfaction"), asked as plain questions.
QUESTIONS = {
    "reception": _("How you were received and guided"),
    "attitude": _("The staff's attitude"),
    "timeliness": _("The time taken, against your appointment"),
    "clarity": _("How clear the procedure and the documents to bring were"),
    "result": _("The result you received"),
}


class RatingForm(forms.Form):
    comment = CleanTextField(
        multiline=True,
        label=_("Your comment"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scale = [(value, label) for value, label in Satisfaction.choices]
        for name in SatisfactionRating.CRITERIA:
            self.fields[name] = forms.TypedChoiceField(
                label=QUESTIONS[name],
                choices=scale,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose one answer for this question.")},
            )
        # The questions first, the comment last.
        self.order_fields([*SatisfactionRating.CRITERIA, "comment"])

    def criteria(self):
        return [self[name] for name in SatisfactionRating.CRITERIA]
