"""The base of every mutation: permission and read-only checks, and DomainError -> `errors` on the payload.

A mutation declares `permissions`, its `Arguments` and output fields, and implements `perform`, which
validates input, calls one domain function and returns the payload. Copy community/members/mutations.py.
"""

from typing import ClassVar

import graphene
from django.utils.translation import gettext_lazy as _

from sharepool.core.errors import DomainError
from sharepool.graphql.core.errors import ApiError, ApiErrorCode, Error, error_payload
from sharepool.graphql.core.permissions import check_permissions


class DomainMutation(graphene.Mutation):
    class Meta:
        abstract = True

    errors = graphene.List(graphene.NonNull(Error), required=True)

    # What the operation needs (core/permissions.py); left out, the walk test fails.
    permissions: ClassVar[tuple | None] = None
    # A suspended community is read-only (billing suspends it); only signing in and out still work.
    allowed_when_suspended: ClassVar[bool] = False

    @classmethod
    def __init_subclass_with_meta__(cls, name=None, **options):
        # The payload type is `<Mutation>Payload`: the field is `register`, its result `RegisterPayload`.
        super().__init_subclass_with_meta__(name=name or f"{cls.__name__}Payload", **options)

    @classmethod
    def mutate(cls, root, info, **arguments):
        context = info.context
        try:
            if context.community_suspended and not cls.allowed_when_suspended:
                raise ApiError(
                    ApiErrorCode.COMMUNITY_SUSPENDED,
                    _("This community is suspended: it can be read but not changed."),
                )
            check_permissions(context, cls.permissions)
            return cls.perform(info, **arguments)
        except DomainError as error:
            return cls(errors=[error_payload(error)])

    @classmethod
    def perform(cls, info, **arguments):
        raise NotImplementedError
