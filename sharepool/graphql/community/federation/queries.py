"""What a community host shows of the federation: what is visible to this community (issue 5)."""

import graphene

from sharepool.graphql.core.pagination import page_arguments, page_type, paginate
from sharepool.graphql.core.permissions import SIGNED_IN, requires
from sharepool.graphql.platform.federation.actors import federation_actor
from sharepool.graphql.platform.federation.queries import DemandPage, ProjectPage, ResourcePage
from sharepool.graphql.platform.federation.types import ProjectActivityType
from sharepool.platform.federation.listings import demands_for, resources_for
from sharepool.platform.federation.projects import projects_for, upcoming_activities_for

ProjectActivityPage = page_type(ProjectActivityType, "ProjectActivityPage")


class CommunityFederationQueries(graphene.ObjectType):
    project_activities = graphene.Field(
        ProjectActivityPage,
        description="Upcoming activities of projects visible to this community; residents sign up here.",
        **page_arguments(),
    )
    federated_resources = graphene.Field(ResourcePage, category=graphene.String(), **page_arguments())
    federated_demands = graphene.Field(DemandPage, category=graphene.String(), **page_arguments())
    federated_projects = graphene.Field(ProjectPage, **page_arguments())

    @staticmethod
    @requires(SIGNED_IN)
    def resolve_project_activities(_root, info, limit, offset):
        return paginate(upcoming_activities_for(federation_actor(info.context)), limit=limit, offset=offset)

    @staticmethod
    @requires(SIGNED_IN)
    def resolve_federated_resources(_root, info, limit, offset, category=None):
        return paginate(
            resources_for(federation_actor(info.context), category=category), limit=limit, offset=offset
        )

    @staticmethod
    @requires(SIGNED_IN)
    def resolve_federated_demands(_root, info, limit, offset, category=None):
        return paginate(
            demands_for(federation_actor(info.context), category=category), limit=limit, offset=offset
        )

    @staticmethod
    @requires(SIGNED_IN)
    def resolve_federated_projects(_root, info, limit, offset):
        return paginate(projects_for(federation_actor(info.context)), limit=limit, offset=offset)
