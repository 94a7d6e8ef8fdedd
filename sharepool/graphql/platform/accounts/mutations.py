import graphene
from django.contrib.auth import login as start_session
from django.contrib.auth import logout as end_session

from sharepool.graphql.core.mutations import DomainMutation
from sharepool.graphql.core.permissions import PUBLIC, SIGNED_IN
from sharepool.graphql.core.scalars import DateTime
from sharepool.graphql.platform.accounts.types import StaffType
from sharepool.graphql.platform.communities.types import StreetOfficeType
from sharepool.platform.accounts.permissions import PlatformPermission
from sharepool.platform.accounts.services import do_login_staff, do_revoke_staff_token
from sharepool.platform.accounts.street_offices import do_create_street_office, do_create_street_office_staff
from sharepool.platform.communities.models import StreetOffice


class StaffLogin(DomainMutation):
    permissions = (PUBLIC,)

    class Meta:
        name = "LoginPayload"

    class Arguments:
        username = graphene.String(required=True)
        password = graphene.String(required=True)

    token = graphene.String(description="Send as `Authorization: Bearer <token>`; shown once.")
    expires_at = DateTime()
    me = graphene.Field(StaffType)

    @classmethod
    def perform(cls, info, username, password):
        context = info.context
        issued = do_login_staff(username=username, password=password, address=context.client_address)
        start_session(context.request, issued.actor.user)
        return cls(token=issued.token, expires_at=issued.expires_at, me=issued.actor, errors=[])


class StaffLogout(DomainMutation):
    class Meta:
        name = "LogoutPayload"

    permissions = (SIGNED_IN,)

    ok = graphene.Boolean(description="True once signed out; null when refused.")

    @classmethod
    def perform(cls, info):
        context = info.context
        if context.token is not None:
            do_revoke_staff_token(token=context.token)
        end_session(context.request)
        return cls(ok=True, errors=[])


class CreateStreetOffice(DomainMutation):
    """Operators: a street office, before its staff accounts and its communities (issue 14)."""

    permissions = (PlatformPermission.MANAGE_STREET_OFFICES,)

    class Arguments:
        name = graphene.String(required=True, description="e.g. 民治街道; unique.")
        district = graphene.String(default_value="")

    street_office = graphene.Field(StreetOfficeType)

    @classmethod
    def perform(cls, info, name, district):
        office = do_create_street_office(actor=info.context.staff, name=name, district=district)
        return cls(street_office=office, errors=[])


class CreateStreetOfficeStaff(DomainMutation):
    """Operators: a platform account working for one street office; it signs in at /office/."""

    permissions = (PlatformPermission.MANAGE_STREET_OFFICES,)

    class Arguments:
        street_office_id = graphene.ID(required=True)
        username = graphene.String(required=True)
        password = graphene.String(description="Generated when left out, and returned once.")

    username = graphene.String()
    password = graphene.String(description="The generated password, shown once; null when you chose it.")
    street_office = graphene.Field(StreetOfficeType)

    @classmethod
    def perform(cls, info, street_office_id, username, password=None):
        created = do_create_street_office_staff(
            actor=info.context.staff, street_office_id=street_office_id, username=username, password=password
        )
        return cls(
            username=created.username,
            password=created.password,
            street_office=StreetOffice.objects.get(id=created.street_office_id),
            errors=[],
        )


class AccountMutations(graphene.ObjectType):
    login = StaffLogin.Field()
    logout = StaffLogout.Field()
    create_street_office = CreateStreetOffice.Field()
    create_street_office_staff = CreateStreetOfficeStaff.Field()
