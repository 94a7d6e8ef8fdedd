"""What a member looks like through the API; personal data masked for whoever may not see it (ARCHITECTURE.md)."""

import graphene

from sharepool.graphql.community.members.loaders import ApproverByMemberLoader, UserByIdLoader
from sharepool.graphql.community.neighbourhood.loaders import BuildingByIdLoader, StandingByMemberLoader
from sharepool.graphql.core.loaders import then
from sharepool.graphql.core.scalars import DateTime
from sharepool.tenants.members.models import Member
from sharepool.tenants.members.permissions import CommunityPermission
from sharepool.tenants.members.services import mask_phone
from sharepool.tenants.neighbourhood.models import Building

# from_enum keeps the model's choices as the enum: a value read from the database and a member set in
# memory (Member.Status.PENDING) both serialise.
MemberStatus = graphene.Enum.from_enum(
    Member.Status,
    name="MemberStatus",
    description="Applicants are PENDING until a community worker approves (ACTIVE) or rejects them.",
)
MemberRole = graphene.Enum.from_enum(Member.Role, name="MemberRole", description="What a member may do.")
MemberKind = graphene.Enum.from_enum(
    Member.Kind,
    name="MemberKind",
    description="A resident (INDIVIDUAL) or an organisation (COLLECTIVE).",
)


def sees_personal_data(info, member: Member) -> bool:
    """The member themself and community workers; everybody else sees masked values."""
    context = info.context
    return (context.member is not None and context.member.id == member.id) or (
        CommunityPermission.VIEW_PERSONAL_DATA in context.permissions
    )


class MemberType(graphene.ObjectType):
    class Meta:
        name = "Member"

    id = graphene.ID(required=True)
    member_number = graphene.Int(description="Given on approval, in order: the 1,000th member is celebrated.")
    display_name = graphene.String(required=True)
    kind = MemberKind(required=True)
    role = MemberRole(required=True)
    status = MemberStatus(required=True)
    building = graphene.String(required=True, description="The name of their building; empty when none.")
    building_id = graphene.ID(description="Their building (see `buildings`).")
    unit = graphene.String(required=True)
    skills = graphene.String(required=True)
    phone = graphene.String(
        required=True, description="Masked (138****5678) except to the member and to community workers."
    )
    username = graphene.String(description="Only for the member and community workers.")
    rejection_reason = graphene.String(description="Only for the member and community workers.")
    applied_at = DateTime(required=True)
    approved_at = DateTime()
    approved_by = graphene.Field(
        lambda: MemberType,
        description="The community worker who approved them: only for those who approve members.",
    )

    standing = graphene.Field(
        "sharepool.graphql.community.neighbourhood.types.MemberStandingType",
        description="Party membership, employer, collective kind: only for the member and community workers.",
    )
    building_head_of = graphene.List(
        graphene.NonNull("sharepool.graphql.community.neighbourhood.types.BuildingType"),
        required=True,
        description="The buildings they head now.",
    )

    @staticmethod
    def resolve_building(member: Member, info):
        if member.building_id is None:
            return ""
        if Member.building.is_cached(member) and member.building is not None:  # not None: building_id is set
            return member.building.name
        return then(info.context.loader(BuildingByIdLoader).load(member.building_id), lambda b: b.name)

    @staticmethod
    def resolve_standing(member: Member, info):
        if not sees_personal_data(info, member):
            return None
        return info.context.loader(StandingByMemberLoader).load(member.id)

    @staticmethod
    def resolve_building_head_of(member: Member, info):
        return list(
            Building.objects.filter(heads__member_id=member.id, heads__until__isnull=True).order_by("id")
        )

    @staticmethod
    def resolve_phone(member: Member, info):
        return member.phone if sees_personal_data(info, member) else mask_phone(member.phone)

    @staticmethod
    def resolve_username(member: Member, info):
        if not sees_personal_data(info, member):
            return None
        if Member.user.is_cached(member):  # `me` and login came with their user joined
            return member.user.username
        return then(info.context.loader(UserByIdLoader).load(member.user_id), lambda user: user.username)

    @staticmethod
    def resolve_approved_by(member: Member, info):
        if CommunityPermission.APPROVE_MEMBERS not in info.context.permissions or member.approved_at is None:
            return None
        return info.context.loader(ApproverByMemberLoader).load(member.id)

    @staticmethod
    def resolve_rejection_reason(member: Member, info):
        return member.rejection_reason if sees_personal_data(info, member) else None
