import graphene
from django.contrib.auth import login as start_session
from django.contrib.auth import logout as end_session

from sharepool.graphql.core.mutations import DomainMutation
from sharepool.graphql.core.permissions import PUBLIC, SIGNED_IN
from sharepool.graphql.platform.accounts.types import StaffType
from sharepool.platform.accounts.services import do_login_staff, do_revoke_staff_token


class StaffLogin(DomainMutation):
    permissions = (PUBLIC,)

    class Meta:
        name = "LoginPayload"

    class Arguments:
        username = graphene.String(required=True)
        password = graphene.String(required=True)

    token = graphene.String(description="Send as `Authorization: Bearer <token>`; shown once.")
    expires_at = graphene.DateTime()
    me = graphene.Field(StaffType)

    @classmethod
    def perform(cls, info, username, password):
        context = info.context
        issued = do_login_staff(username=username, password=password, address=context.client_address)
        start_session(context.request, issued.actor.user, backend="django.contrib.auth.backends.ModelBackend")
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


class AccountMutations(graphene.ObjectType):
    login = StaffLogin.Field()
    logout = StaffLogout.Field()
