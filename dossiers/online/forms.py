from django import forms
from django.utils.translation import gettext_lazy as _

from dossiers.online.models import ResultDelivery


class FilingDetailsForm(forms.Form):
    phone = forms.CharField(label=_("Phone"), max_length=16)
    email = forms.EmailField(label=_("Email"), required=False)
    address = forms.CharField(label=_("Address"), max_length=500, required=False)
    delivery = forms.ChoiceField(label=_("How do you want the result?"), choices=ResultDelivery.choices)
    delivery_address = forms.CharField(label=_("Postal address for the result"), max_length=500, required=False)


class ComponentUploadForm(forms.Form):
    position = forms.IntegerField(widget=forms.HiddenInput)
    file = forms.FileField(label=_("File (PDF, JPEG or PNG)"))


class ComponentChooseForm(forms.Form):
    position = forms.IntegerField(widget=forms.HiddenInput)
    document = forms.IntegerField(label=_("From my saved documents"))
