"""Forms of the feedback pages; the rules themselves live in monitoring/feedback.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dossiers.selectors import printed_form
from dossiers.validators import CleanTextField
from monitoring.feedback import ANSWER_MAX, CONTENT_MAX, SUBJECT_MAX, normalize_tracking_code
from monitoring.models import FeedbackStatus, FeedbackTopic
from procedures.models import Agency

NO_AUTOFILL = {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}


class FeedbackForm(forms.Form):
    topic = forms.ChoiceField(label=_("What is it about?"), choices=[("", "—"), *FeedbackTopic.choices])
    subject = CleanTextField(label=_("Subject"), max_length=SUBJECT_MAX)
    content = CleanTextField(
        multiline=True,
        label=_("Details"),
        max_length=CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What happened, where and when; what you suggest."),
    )
    dossier_code = forms.CharField(
        label=_("Dossier code (if it is about a dossier)"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs=NO_AUTOFILL),
    )
    dossier_secret = forms.CharField(
        label=_("Lookup secret of that dossier"),
        required=False,
        max_length=32,
        help_text=_("Printed under the code on your receipt; it shows the dossier is yours."),
        widget=forms.TextInput(attrs=NO_AUTOFILL),
    )
    sender_name = CleanTextField(
        compatibility=True,
        label=_("Your full name"),
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    sender_phone = forms.CharField(
        label=_("Mobile phone"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    sender_email = forms.EmailField(
        label=_("Email"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def clean_dossier_code(self):
        return printed_form(self.cleaned_data["dossier_code"])

    def clean_dossier_secret(self):
        return printed_form(self.cleaned_data["dossier_secret"])

    def clean(self):
        data = super().clean()
        if data.get("dossier_code") and not data.get("dossier_secret"):
            self.add_error("dossier_secret", _("Enter the lookup secret printed on the receipt of this dossier."))
        if not data.get("sender_phone") and not data.get("sender_email") and "sender_email" not in self.errors:
            self.add_error("sender_phone", _("Give a phone number or an email address so that we can reach you."))
        return data


class TrackingForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=30,
        help_text=_("Given when you sent your feedback, e.g. PA-K7M2Q9XW4B"),
        widget=forms.TextInput(attrs=NO_AUTOFILL),
    )

    def clean_code(self):
        return normalize_tracking_code(self.cleaned_data["code"])


class SenderOpinionForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        label=_("Does this answer satisfy you?"),
        choices=[("yes", _("Yes, I am satisfied")), ("no", _("No, I am not satisfied"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


class StaffFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *FeedbackStatus.choices])
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)


class ForwardForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Agency that must answer"), queryset=Agency.objects.filter(is_active=True).order_by("name")
    )


class AnswerForm(forms.Form):
    answer = CleanTextField(
        multiline=True, label=_("Answer to the sender"), max_length=ANSWER_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )


def _staff_text(label, help_text, *, required: bool = True) -> CleanTextField:
    """A staff member's text to or about the sender, as long as an answer may be."""
    return CleanTextField(
        multiline=True,
        label=label,
        required=required,
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=help_text,
    )


# Each field is named as the service's keyword (monitoring/feedback.py), so the view passes cleaned_data on.
class RefuseForm(forms.Form):
    reason = _staff_text(_("Reason for refusing"), _("The sender reads this reason with the tracking code."))


class InfoRequestForm(forms.Form):
    question = _staff_text(_("What the sender must add"), _("The sender reads this question with the tracking code."))


class InfoReceivedForm(forms.Form):
    note = _staff_text(
        _("Information received from the sender"),
        _("Added to the feedback's content; the time to answer counts again from now."),
        required=False,
    )
