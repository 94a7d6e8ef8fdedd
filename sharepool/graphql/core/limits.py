"""Limits on what one request may ask (issue #3): checked before anything runs, each a 4xx.

- the body: at most MAX_DOCUMENT_BYTES, JSON, one operation or a batch of at most MAX_BATCH;
- the document: depth at most MAX_DEPTH, at most MAX_ALIASES_PER_FIELD aliases of one field (alias
  floods multiply the work of one field), no introspection unless DEBUG.
The validation rules below only attach a code; the endpoint words the message in the request's language.
"""

from django.utils.translation import gettext_lazy as _
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    Undefined,
    ValidationRule,
    get_named_type,
    get_nullable_type,
    get_operation_ast,
    value_from_ast,
)
from graphql.validation import NoSchemaIntrospectionCustomRule

from sharepool.graphql.core.errors import ApiErrorCode
from sharepool.graphql.core.pagination import MAX_PAGE_SIZE

MAX_DOCUMENT_BYTES = 8 * 1024
MAX_BATCH = 10
MAX_DEPTH = 10
MAX_ALIASES_PER_FIELD = 5


def limit_message(code: ApiErrorCode) -> str | None:
    """The message of a limit's code in the active language (rules run once per cached document)."""
    if code == ApiErrorCode.QUERY_TOO_DEEP:
        return _("The query is nested more than %(max)d levels deep.") % {"max": MAX_DEPTH}
    if code == ApiErrorCode.TOO_MANY_ALIASES:
        return _("A field is asked for under more than %(max)d aliases.") % {"max": MAX_ALIASES_PER_FIELD}
    if code == ApiErrorCode.INTROSPECTION_DISABLED:
        return str(_("Introspection is disabled."))
    return None


def _limit_error(code: ApiErrorCode, nodes) -> GraphQLError:
    return GraphQLError(str(code), nodes, extensions={"code": str(code)})


class DepthLimitRule(ValidationRule):
    """Fields nested deeper than MAX_DEPTH, counted through fragments; introspection fields do not count.

    Each fragment's depth is computed once and remembered: walking every spread path instead grows with
    the number of paths, exponential in the document (12 levels of 5 spreads kept a worker busy past
    gunicorn's timeout, issue 10). `visits` counts the selections looked at, so a test can show the work
    is linear in the document.
    """

    def enter_document(self, node, *_args):
        self.fragments = {
            definition.name.value: definition
            for definition in node.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        self.fragment_depths: dict[str, int] = {}
        self.visits = 0

    def enter_operation_definition(self, node: OperationDefinitionNode, *_args):
        if self._depth(node.selection_set, frozenset()) > MAX_DEPTH:
            self.report_error(_limit_error(ApiErrorCode.QUERY_TOO_DEEP, [node]))

    def _fragment_depth(self, name: str, entered: frozenset) -> int:
        """How deep a fragment's own fields go; 0 for an unknown fragment or a cycle (other rules report those)."""
        if name in self.fragment_depths:
            return self.fragment_depths[name]
        fragment = self.fragments.get(name)
        if fragment is None or name in entered:
            return 0
        depth = self._depth(fragment.selection_set, entered | {name})
        self.fragment_depths[name] = depth
        return depth

    def _depth(self, selection_set, entered: frozenset) -> int:
        """The depth of the deepest field under selection_set, relative to it."""
        if selection_set is None:
            return 0
        deepest = 0
        for selection in selection_set.selections:
            self.visits += 1
            if isinstance(selection, FieldNode):
                if not selection.name.value.startswith("__"):
                    deepest = max(deepest, 1 + self._depth(selection.selection_set, entered))
            elif isinstance(selection, InlineFragmentNode):
                deepest = max(deepest, self._depth(selection.selection_set, entered))
            elif isinstance(selection, FragmentSpreadNode):
                deepest = max(deepest, self._fragment_depth(selection.name.value, entered))
        return deepest


class AliasLimitRule(ValidationRule):
    """More than MAX_ALIASES_PER_FIELD aliases of one field name anywhere in the document."""

    def enter_document(self, node, *_args):
        self.aliases: dict[str, set[str]] = {}

    def enter_field(self, node: FieldNode, *_args):
        if node.alias is None:
            return
        aliases = self.aliases.setdefault(node.name.value, set())
        aliases.add(node.alias.value)
        if len(aliases) == MAX_ALIASES_PER_FIELD + 1:
            self.report_error(_limit_error(ApiErrorCode.TOO_MANY_ALIASES, [node]))


class NoIntrospectionRule(NoSchemaIntrospectionCustomRule):
    def report_error(self, error: GraphQLError) -> None:
        super().report_error(_limit_error(ApiErrorCode.INTROSPECTION_DISABLED, error.nodes))


def validation_rules(*, introspection: bool) -> tuple:
    rules = (DepthLimitRule, AliasLimitRule)
    return rules if introspection else rules + (NoIntrospectionRule,)


# --- cost --------------------------------------------------------------------------------------------

# The most a request (one operation, or a whole batch) may cost. A field that returns an object costs 1,
# times the size of every list it sits in; a leaf costs nothing. A list's size is its `limit` argument
# (pages; at most MAX_PAGE_SIZE) or ASSUMED_LIST_SIZE for a list without one (a project's activities, an
# activity's sign-ups: a few, rarely dozens). A page of 100 offers with each one's member and category
# costs 301; the projects page with each project's activities and their sign-ups (the organisations'
# own view) 2,241. The batch of issue 10 (10 documents, each 5 aliases x 11 pages of 100) costs ~55,000.
MAX_QUERY_COST = 10_000
ASSUMED_LIST_SIZE = 10


def cost_message(cost: int) -> str:
    return _("The request would cost %(cost)d; at most %(max)d is allowed (a list counts its limit).") % {
        "cost": cost,
        "max": MAX_QUERY_COST,
    }


class _Costing:
    """The cost of one operation with its variables: each fragment costed once, so linear in the document.

    `in_page` is true inside a field that took a `limit`: its list (`items`) is as long as the limit,
    already counted, so it is not counted again as a list.
    """

    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables: dict | None):
        self.schema = schema
        self.variables = variables or {}
        self.fragments = {
            definition.name.value: definition
            for definition in document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        self.fragment_costs: dict[tuple[str, bool], int] = {}

    def selections(self, selection_set, parent_type, in_page: bool, entered: frozenset = frozenset()) -> int:
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field(selection, parent_type, in_page, entered)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent_type
                total += self.selections(selection.selection_set, inner, in_page, entered)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.fragment(selection.name.value, in_page, entered)
        return total

    def fragment(self, name: str, in_page: bool, entered: frozenset) -> int:
        key = (name, in_page)
        if key in self.fragment_costs:
            return self.fragment_costs[key]
        fragment = self.fragments.get(name)
        if fragment is None or name in entered:  # reported by the standard rules
            return 0
        inner = self.schema.get_type(fragment.type_condition.name.value)
        cost = self.selections(fragment.selection_set, inner, in_page, entered | {name})
        self.fragment_costs[key] = cost
        return cost

    def field(self, node: FieldNode, parent_type, in_page: bool, entered: frozenset) -> int:
        fields = getattr(parent_type, "fields", None)
        definition = fields.get(node.name.value) if fields else None
        if definition is None or node.selection_set is None:  # a leaf, __typename, introspection
            return 0
        type_ = get_nullable_type(definition.type)
        inner = get_named_type(type_)
        if "limit" in definition.args:
            # a page (`items` inside it is the limited list) or a list that is itself limited
            size, page = self.limit(node, definition), not isinstance(type_, GraphQLList)
        else:
            listed = isinstance(type_, GraphQLList) and not in_page
            size, page = (ASSUMED_LIST_SIZE if listed else 1), False
        return 1 + size * self.selections(node.selection_set, inner, page, entered)

    def limit(self, node: FieldNode, definition) -> int:
        argument = next((a for a in node.arguments or () if a.name.value == "limit"), None)
        limit_type = definition.args["limit"].type
        value = value_from_ast(argument.value, limit_type, self.variables) if argument else None
        if value is None or value is Undefined:
            value = definition.args["limit"].default_value
        if not isinstance(value, int):
            value = MAX_PAGE_SIZE
        # a limit over the maximum is refused by the page itself (pagination_invalid): cost what may run
        return min(max(value, 1), MAX_PAGE_SIZE)


def query_cost(
    schema: GraphQLSchema, document: DocumentNode, operation_name: str | None, variables: dict | None
) -> int:
    """The cost of the operation a request runs (0 when there is none to run: execution reports that)."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return 0
    root = schema.get_root_type(operation.operation)
    return _Costing(schema, document, variables).selections(operation.selection_set, root, False)
