"""What every field's arguments go through before its resolver runs, in one place for both schemas (issue 10).

- An explicit `null` for an optional argument or input field means the same as leaving it out: its
  declared default when it has one. Resolvers and domain functions are written for the defaults
  (`limit: null` reached `1 <= None`, a 500, on every list of both schemas).
- Every string a client sends is checked by the shared text check (sharepool/core/text.py): a NUL or a
  lone surrogate (valid JSON, not encodable as UTF-8, so PostgreSQL's driver raised) is `text_invalid`,
  whichever field it arrives in and whether or not the domain function checks that field itself.

It runs as a graphql-core middleware: around every resolver, with the field's definition at hand.
"""

from graphql import (
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLResolveInfo,
    Undefined,
)

from sharepool.core.errors import DomainError
from sharepool.core.text import api_name, check_text
from sharepool.graphql.core.errors import error_payload
from sharepool.graphql.core.mutations import DomainMutation


def prepared_arguments_middleware(next_resolver, root, info: GraphQLResolveInfo, **arguments):
    if arguments:
        definitions = info.parent_type.fields[info.field_name].args
        try:
            arguments = _prepared_fields(definitions, arguments)
        except DomainError as error:
            # A mutation answers on its payload, as for every other refusal; a query with a GraphQL error.
            payload = getattr(info.return_type, "graphene_type", None)
            if isinstance(payload, type) and issubclass(payload, DomainMutation):
                return payload(errors=[error_payload(error)])
            raise
    return next_resolver(root, info, **arguments)


def _prepared_fields(definitions: dict, values: dict) -> dict:
    """values (keyed by Python names) with explicit nulls replaced or dropped and every string checked."""
    prepared = dict(values)
    for name, definition in definitions.items():
        key = definition.out_name or name
        if key not in prepared:
            continue
        value = prepared[key]
        if value is None and not isinstance(definition.type, GraphQLNonNull):
            if definition.default_value is Undefined:
                del prepared[key]  # as if left out: the resolver's own default applies
            else:
                prepared[key] = definition.default_value
            continue
        prepared[key] = _prepared_value(definition.type, value, field=api_name(key))
    return prepared


def _prepared_value(type_, value, *, field: str):
    if value is None:
        return None
    if isinstance(type_, GraphQLNonNull):
        return _prepared_value(type_.of_type, value, field=field)
    if isinstance(type_, GraphQLList):
        return [_prepared_value(type_.of_type, element, field=field) for element in value]
    if isinstance(type_, GraphQLInputObjectType):
        prepared = _prepared_fields(type_.fields, value)
        # graphene builds each input object as an instance of its own container class: build it again
        return type_.out_type(prepared) if type_.out_type is not None else prepared
    if isinstance(value, str):
        check_text(value, field=field)
    return value
