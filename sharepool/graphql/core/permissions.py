"""Permissions are declared where an operation is declared and checked here, in one place (STYLE.md 3).

- A query field: `@requires(...)` on its resolver.
- A mutation: `permissions = (...)` on its class (see core/mutations.py).

What a declaration may hold:
- `PUBLIC`: anyone, signed in or not (sign-in and registration);
- `SIGNED_IN`: any signed-in identity;
- a permission of a table (sharepool/core/permissions.py): checked here, against the request's
  permissions, before anything runs;
- `in_domain(permission)`: the same table, but the domain function checks it, because the rule depends
  on the rows (another member's listing) or the refusal is the domain's typed error; `when=` names the
  argument that brings the rule in (acting `onBehalfOf` someone else).
An operation with no declaration fails tests/graphql/test_permissions_walk.py. The committed SDL prints
each operation's declaration and the roles the tables give it (`describe_permissions`).
"""

import functools
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _
from graphene.utils.str_converters import to_camel_case

from sharepool.core.permissions import table_of
from sharepool.graphql.core.errors import ApiError, ApiErrorCode


class Access(StrEnum):
    PUBLIC = "public"
    SIGNED_IN = "signed_in"


PUBLIC = Access.PUBLIC
SIGNED_IN = Access.SIGNED_IN


@dataclass(frozen=True)
class InDomain:
    permission: StrEnum
    when: str | None = None  # a GraphQL argument: the rule applies only when the client sends it


def in_domain(permission: StrEnum, *, when: str | None = None) -> InDomain:
    return InDomain(permission, when)


def edge_permissions(required) -> set:
    return {p for p in required if not isinstance(p, InDomain | Access)}


def check_permissions(context, required) -> None:
    if not required or PUBLIC in required:
        return
    if not context.is_authenticated:
        raise ApiError(ApiErrorCode.AUTHENTICATION_REQUIRED, _("Sign in first."))
    if edge_permissions(required) - context.permissions:
        raise ApiError(ApiErrorCode.PERMISSION_DENIED, _("You are not allowed to do this."))


def requires(*permissions):
    def decorate(resolver):
        @functools.wraps(resolver)
        def checked(root, info, **arguments):
            check_permissions(info.context, permissions)
            return resolver(root, info, **arguments)

        checked.required_permissions = permissions
        return checked

    return decorate


# --- reading the declarations back: the SDL's descriptions and the walk test ---------------------------


def declarations(schema) -> dict[tuple[str, str], tuple | None]:
    """(kind, GraphQL field name) -> the declaration of every query and mutation; None when missing."""
    found: dict[tuple[str, str], tuple | None] = {}
    for kind, root in (("query", schema.query), ("mutation", schema.mutation)):
        for name, field in root._meta.fields.items():
            graphql_name = field.name or to_camel_case(name)
            if kind == "mutation":
                declared = getattr(field.type, "permissions", None)
            else:
                resolver = field.resolver or getattr(root, f"resolve_{name}", None)
                declared = getattr(resolver, "required_permissions", None)
            found[(kind, graphql_name)] = tuple(declared) if declared is not None else None
    return found


def _roles(permission: StrEnum) -> str:
    roles = table_of(permission).roles_with(permission)
    return ", ".join(str(role) for role in roles)


def describe(declared: tuple | None) -> str:
    """One line for people: who may run the operation, by role, from the tables."""
    if not declared:
        return "Permission: not declared."
    if PUBLIC in declared:
        return "Permission: anyone."
    parts = []
    for item in declared:
        if isinstance(item, Access):
            continue
        if isinstance(item, InDomain):
            scope = f"when {item.when}" if item.when else "checked by the domain"
            parts.append(f"{item.permission} ({_roles(item.permission)}; {scope})")
        else:
            parts.append(f"{item} ({_roles(item)})")
    return "Permission: signed in" + (f"; {'; '.join(parts)}." if parts else ".")


def describe_permissions(schema) -> None:
    """Append each operation's declaration to its description, so the committed SDL shows who may do what."""
    graphql_schema = schema.graphql_schema
    roots = {"query": graphql_schema.query_type, "mutation": graphql_schema.mutation_type}
    for (kind, name), declared in declarations(schema).items():
        field = roots[kind].fields[name]
        line = describe(declared)
        field.description = f"{field.description}\n\n{line}" if field.description else line
