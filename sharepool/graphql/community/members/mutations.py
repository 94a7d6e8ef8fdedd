"""Membership operations. Each one: declared permissions, arguments, one domain call, the payload."""

import graphene
from django.contrib.auth import login as start_session
from django.contrib.auth import logout as end_session

from sharepool.graphql.community.members.types import MemberKind, MemberType
from sharepool.graphql.core.mutations import DomainMutation
from sharepool.graphql.core.permissions import PUBLIC, SIGNED_IN
from sharepool.graphql.core.scalars import DateTime
from sharepool.tenants.admission.services import do_approve_member, do_reject_member
from sharepool.tenants.members.models import Member
from sharepool.tenants.members.permissions import CommunityPermission
from sharepool.tenants.members.services import do_login_member, do_revoke_member_token
from sharepool.tenants.neighbourhood.services import (
    do_register_assisted_resident,
    do_register_resident,
    do_update_resident_profile,
)


class RegisterInput(graphene.InputObjectType):
    username = graphene.String(required=True)
    password = graphene.String(required=True)
    display_name = graphene.String(required=True)
    phone = graphene.String(required=True, description="An 11-digit mobile number.")
    building = graphene.String(default_value="")
    unit = graphene.String(default_value="")
    skills = graphene.String(default_value="", description="What you can offer others, in your own words.")
    kind = MemberKind(
        default_value=Member.Kind.INDIVIDUAL,
        description="COLLECTIVE for an organisation joining as a collective member.",
    )


class Register(DomainMutation):
    """A resident applies to join; a community worker approves or rejects the application."""

    permissions = (PUBLIC,)

    class Arguments:
        input = RegisterInput(required=True)

    member = graphene.Field(MemberType)

    @classmethod
    def perform(cls, info, input):
        member = do_register_resident(
            username=input.username,
            password=input.password,
            display_name=input.display_name,
            phone=input.phone,
            building=input.building,
            unit=input.unit,
            skills=input.skills,
            kind=Member.Kind(getattr(input.kind, "value", input.kind)),
        )
        return cls(member=member, errors=[])


class Login(DomainMutation):
    """A bearer token for this community's host (and a session cookie for browsers)."""

    permissions = (PUBLIC,)

    allowed_when_suspended = True

    class Arguments:
        username = graphene.String(required=True)
        password = graphene.String(required=True)

    token = graphene.String(description="Send as `Authorization: Bearer <token>`; shown once.")
    expires_at = DateTime()
    member = graphene.Field(MemberType)

    @classmethod
    def perform(cls, info, username, password):
        context = info.context
        issued = do_login_member(username=username, password=password, address=context.client_address)
        start_session(context.request, issued.member.user)
        context.member = issued.member  # so that the payload's member sees their own personal data
        return cls(token=issued.token, expires_at=issued.expires_at, member=issued.member, errors=[])


class Logout(DomainMutation):
    """Revokes the token the request came with and ends the session."""

    permissions = (SIGNED_IN,)
    allowed_when_suspended = True

    ok = graphene.Boolean(description="True once signed out; null when refused.")

    @classmethod
    def perform(cls, info):
        context = info.context
        if context.token is not None:
            do_revoke_member_token(token=context.token)
        end_session(context.request)
        return cls(ok=True, errors=[])


class UpdateProfile(DomainMutation):
    """The signed-in member's building, unit and what they can offer (also on the /me/ page)."""

    permissions = (SIGNED_IN,)

    class Arguments:
        building = graphene.String(required=True)
        unit = graphene.String(required=True)
        skills = graphene.String(required=True, description="What you can offer others, in your own words.")

    member = graphene.Field(MemberType)

    @classmethod
    def perform(cls, info, building, unit, skills):
        member = do_update_resident_profile(
            member_id=info.context.member.id, building=building, unit=unit, skills=skills
        )
        return cls(member=member, errors=[])


class ApproveMember(DomainMutation):
    """Activates an applicant and gives them the next member number."""

    permissions = (CommunityPermission.APPROVE_MEMBERS,)

    class Arguments:
        id = graphene.ID(required=True)

    member = graphene.Field(MemberType)

    @classmethod
    def perform(cls, info, id):
        return cls(member=do_approve_member(actor=info.context.member, member_id=id), errors=[])


class RejectMember(DomainMutation):
    permissions = (CommunityPermission.APPROVE_MEMBERS,)

    class Arguments:
        id = graphene.ID(required=True)
        reason = graphene.String(required=True)

    member = graphene.Field(MemberType)

    @classmethod
    def perform(cls, info, id, reason):
        return cls(member=do_reject_member(actor=info.context.member, member_id=id, reason=reason), errors=[])


class RegisterAssistedMember(DomainMutation):
    """A community worker registers and admits a resident who has no phone or no smartphone (issue 14):
    phone optional, the resident's consent recorded with who recorded it and when. Nobody signs in as them;
    the worker acts for them with onBehalfOf."""

    permissions = (CommunityPermission.APPROVE_MEMBERS, CommunityPermission.ACT_FOR_MEMBERS)

    class Arguments:
        display_name = graphene.String(required=True)
        consent = graphene.Boolean(
            required=True, description="The resident agreed to their details being kept."
        )
        phone = graphene.String(default_value="", description="An 11-digit mobile number, or empty.")
        building = graphene.String(default_value="")
        unit = graphene.String(default_value="")
        skills = graphene.String(default_value="")

    member = graphene.Field(MemberType)

    @classmethod
    def perform(cls, info, display_name, consent, phone, building, unit, skills):
        member = do_register_assisted_resident(
            actor=info.context.member,
            display_name=display_name,
            consent=consent,
            phone=phone,
            building=building,
            unit=unit,
            skills=skills,
        )
        return cls(member=member, errors=[])


class MemberMutations(graphene.ObjectType):
    register = Register.Field()
    login = Login.Field()
    logout = Logout.Field()
    update_profile = UpdateProfile.Field()
    approve_member = ApproveMember.Field()
    reject_member = RejectMember.Field()
    register_assisted_member = RegisterAssistedMember.Field()
