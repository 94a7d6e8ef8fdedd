from django.apps import AppConfig


class StaffConfig(AppConfig):
    """The community workers' console (/staff/, issue 14). An app of its own so that its templates and its
    Chinese catalogue live beside its views, apart from the residents' pages."""

    name = "sharepool.web.staff"
    label = "web_staff"
