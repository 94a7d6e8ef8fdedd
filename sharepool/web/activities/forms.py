"""Activity forms; field names are the GraphQL argument names (signUp, cancelSignUp, checkIn)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SignUpForm(forms.Form):
    pass


class CheckInForm(forms.Form):
    """checkIn with the code the coordinator shows on the day (or the QR code fills in)."""

    code = forms.CharField(
        label=_("Check-in code"),
        max_length=40,
        strip=False,  # the domain compares it as typed, spaces ignored; a code in Chinese is its refusal
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
