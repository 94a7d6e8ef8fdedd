from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GraphQLApiConfig(AppConfig):
    # An app only so that the API keeps its own translations and the SDL export command.
    name = "sharepool.graphql"
    label = "sharepool_graphql"
    verbose_name = _("GraphQL API")
