"""Operators onboard communities from the Django admin with the same domain function as the CLI."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from sharepool.platform.communities.errors import OnboardingError
from sharepool.platform.communities.models import Community, Domain, StreetOffice, StreetOfficeStaff
from sharepool.platform.communities.services import check_onboard_community, onboard_community

FIELD_OF_ERROR = {
    "slug": "slug",
    "name": "name",
    "streetOffice": "street_office_name",
    "population": "population",
}


class OnboardCommunityForm(forms.ModelForm):
    street_office_name = forms.CharField(label=_("street office"), max_length=100)

    class Meta:
        model = Community
        fields = ["slug", "name", "population", "district"]

    def validate_unique(self):
        # Uniqueness is the domain function's to judge (with its own error code), not the ModelForm's.
        pass

    def clean(self):
        data = super().clean()
        try:
            check_onboard_community(
                slug=data.get("slug") or "",
                name=data.get("name") or "",
                street_office_name=data.get("street_office_name") or "",
                population=data.get("population"),
            )
        except OnboardingError as error:
            self.add_error(FIELD_OF_ERROR.get(error.field), str(error.message))
        return data


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "street_office", "status", "population", "created"]
    list_filter = ["status", "street_office"]
    search_fields = ["slug", "name"]
    readonly_fields = ["schema_name", "slug", "created"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = OnboardCommunityForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["slug", "name", "street_office_name", "population", "district"]
        return [
            "schema_name",
            "slug",
            "name",
            "street_office",
            "district",
            "population",
            "locale",
            "timezone",
            "status",
            "created",
        ]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        result = onboard_community(
            slug=form.cleaned_data["slug"],
            name=form.cleaned_data["name"],
            street_office_name=form.cleaned_data["street_office_name"],
            population=form.cleaned_data.get("population"),
            district=form.cleaned_data.get("district") or "",
        )
        obj.pk = result.community_id
        obj.refresh_from_db()
        messages.info(
            request,
            _("Community online at %(url)s; admin account %(user)s with password %(password)s.")
            % {"url": result.url, "user": result.admin_username, "password": result.admin_password},
        )


admin.site.register(StreetOffice)
admin.site.register(StreetOfficeStaff)
admin.site.register(Domain)
