"""The federation's and the platform's audit trail (issue 11): operators read all of it, a street
office's staff what concerns their office."""

import graphene

from sharepool.graphql.core.pagination import page_arguments, page_type, paginate
from sharepool.graphql.core.permissions import requires
from sharepool.graphql.core.scalars import DateTime
from sharepool.platform.accounts.permissions import PlatformPermission
from sharepool.platform.audit.services import audit_entries


class AuditEntryType(graphene.ObjectType):
    class Meta:
        name = "AuditEntry"

    id = graphene.ID(required=True)
    occurred_at = DateTime(required=True)
    actor_kind = graphene.String(
        required=True, description="operator, street_office, organisation, community_worker or resident."
    )
    actor_name = graphene.String(
        required=True, description="The organisation's or member's name at the time."
    )
    actor_user_id = graphene.ID(description="The platform account of an operator or street-office staff.")
    actor_organisation_id = graphene.ID()
    actor_community_id = graphene.ID()
    actor_member_id = graphene.ID(description="A community worker's id in their community.")
    acting_for_organisation_id = graphene.ID(description="The organisation the actor acted for.")
    street_office_id = graphene.ID(description="Whose staff read this entry.")
    action = graphene.String(required=True, description="What was done, e.g. organisation_registered.")
    subject_type = graphene.String(required=True)
    subject_id = graphene.String(required=True)
    before = graphene.JSONString(description="The subject before, as JSON; null for a creation.")
    after = graphene.JSONString(description="The subject after, as JSON.")


AuditEntryPage = page_type(AuditEntryType, "AuditEntryPage")


class PlatformAuditQueries(graphene.ObjectType):
    audit_log = graphene.Field(
        AuditEntryPage,
        required=True,
        description="Federation actions, newest first. Entries are never changed or deleted.",
        **page_arguments(),
    )

    @staticmethod
    @requires(PlatformPermission.VIEW_AUDIT_LOG)
    def resolve_audit_log(_root, info, limit, offset):
        staff = info.context.staff
        office = None if staff.is_operator else staff.street_office_id
        return paginate(audit_entries(street_office_id=office), limit=limit, offset=offset)
