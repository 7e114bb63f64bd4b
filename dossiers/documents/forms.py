from django import forms
from django.utils.translation import gettext_lazy as _

from dossiers.validators import CleanTextField


class DocumentUploadForm(forms.Form):
    """A file for one of the dossier's components (the choices are the procedure's documents)."""

    component = forms.ChoiceField(label=_("Document"))
    file = forms.FileField(label=_("File (PDF, JPEG or PNG)"), allow_empty_file=True)

    def __init__(self, *args, procedure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["component"].choices = [
            (str(d.position), f"{d.position}. {d.name}") for d in procedure.documents.all()
        ]


class ResultUploadForm(forms.Form):
    """The agency's electronic result: its number and the PDF."""

    result_number = CleanTextField(label=_("Result number"), max_length=64)
    file = forms.FileField(label=_("Result file (PDF)"), allow_empty_file=True)
