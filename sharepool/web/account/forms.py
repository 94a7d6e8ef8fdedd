"""Forms of signing in and joining. Field names are the GraphQL argument names (issue 12)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class LoginForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(autocomplete="username", autocapitalize="none")
        self.fields["password"].widget.attrs.update(autocomplete="current-password")


class JoinForm(forms.Form):
    """The API's `register(input: RegisterInput)`: the domain checks every rule and names the field."""

    displayName = forms.CharField(label=_("Your name"), max_length=100)
    phone = forms.CharField(
        label=_("Mobile number"), max_length=20, widget=forms.TextInput(attrs={"type": "tel"})
    )
    username = forms.CharField(label=_("Username"), max_length=150, help_text=_("Used to sign in."))
    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput)
    building = forms.CharField(label=_("Building"), max_length=50, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=50, required=False)
    skills = forms.CharField(
        label=_("What you can offer others"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In your own words: tutoring, repairs, company for an elder..."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["displayName"].widget.attrs.update(autocomplete="name")
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="numeric")
        self.fields["username"].widget.attrs.update(autocomplete="username", autocapitalize="none")
        self.fields["password"].widget.attrs.update(autocomplete="new-password")


class ProfileForm(forms.Form):
    """The API's `updateProfile(building, unit, skills)`."""

    building = forms.CharField(label=_("Building"), max_length=50, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=50, required=False)
    skills = forms.CharField(
        label=_("What you can offer others"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class NotificationPreferenceForm(forms.Form):
    """The API's `setNotificationPreference(kind, inApp, byEmail)`, one kind per form."""

    kind = forms.CharField(widget=forms.HiddenInput, max_length=30)
    inApp = forms.BooleanField(label=_("In the app"), required=False)
    byEmail = forms.BooleanField(label=_("By e-mail"), required=False)


class MarkReadForm(forms.Form):
    """The API's `markNotificationsRead(ids)`: the ones named, or all when none is named."""

    ids = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any number is accepted here; the domain marks only the member's own unread notifications.
        self.fields["ids"].valid_value = lambda value: str(value).isdigit()
