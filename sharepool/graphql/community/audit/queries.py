"""The community's audit trail, for its workers and admins (issue 11)."""

import graphene

from sharepool.graphql.core.pagination import page_arguments, page_type, paginate
from sharepool.graphql.core.permissions import requires
from sharepool.graphql.core.scalars import DateTime
from sharepool.tenants.audit.services import audit_entries
from sharepool.tenants.members.permissions import CommunityPermission


class AuditEntryType(graphene.ObjectType):
    class Meta:
        name = "AuditEntry"

    id = graphene.ID(required=True)
    occurred_at = DateTime(required=True)
    actor_id = graphene.ID(description="The member who acted; null for the community's own scheduled work.")
    actor_name = graphene.String(required=True, description="Their display name at the time.")
    acting_for_id = graphene.ID(description="The member a worker acted for, if any.")
    action = graphene.String(required=True, description="What was done, e.g. member_approved.")
    subject_type = graphene.String(required=True)
    subject_id = graphene.String(required=True)
    before = graphene.JSONString(description="The subject before, as JSON; null for a creation.")
    after = graphene.JSONString(description="The subject after, as JSON.")


AuditEntryPage = page_type(AuditEntryType, "AuditEntryPage")


class CommunityAuditQueries(graphene.ObjectType):
    audit_log = graphene.Field(
        AuditEntryPage,
        required=True,
        description="Staff actions in this community, newest first. Entries are never changed or deleted.",
        **page_arguments(),
    )

    @staticmethod
    @requires(CommunityPermission.VIEW_AUDIT_LOG)
    def resolve_audit_log(_root, _info, limit, offset):
        return paginate(audit_entries(), limit=limit, offset=offset)
