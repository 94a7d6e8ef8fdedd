"""A bounded LRU cache of parsed and validated documents, keyed by their text (issue #3).

Parsing and validating cost more than running a simple query (measured for the issue: 2.3 ms of 3.6 ms),
and clients send the same few documents again and again. The cache holds the AST and the validation
errors; executing never changes either, so one cached document serves every request.
"""

from functools import lru_cache

from graphql import DocumentNode, GraphQLError, GraphQLSchema, parse, specified_rules, validate

from sharepool.graphql.core.limits import validation_rules

DOCUMENT_CACHE_SIZE = 1024


@lru_cache(maxsize=DOCUMENT_CACHE_SIZE)
def parse_and_validate(
    schema: GraphQLSchema, text: str, introspection: bool
) -> tuple[DocumentNode | None, GraphQLError | None, tuple[GraphQLError, ...]]:
    """(document, syntax error, validation errors): exactly one of the last two is non-empty on failure."""
    try:
        document = parse(text)
    except GraphQLError as error:
        return None, error, ()
    # The limits first and alone: some standard rules (overlapping fields) grow with the square of an
    # alias flood, so a document over a limit is refused before they run.
    errors = validate(schema, document, validation_rules(introspection=introspection))
    if not errors:
        # Without introspection, "Did you mean ...?" would spell the schema out field by field.
        errors = validate(schema, document, specified_rules, hide_suggestions=not introspection)
    return document, None, tuple(errors)
