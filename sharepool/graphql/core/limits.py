"""Limits on what one request may ask (issue #3): checked before anything runs, each a 4xx.

- the body: at most MAX_DOCUMENT_BYTES, JSON, one operation or a batch of at most MAX_BATCH;
- the document: depth at most MAX_DEPTH, at most MAX_ALIASES_PER_FIELD aliases of one field (alias
  floods multiply the work of one field), no introspection unless DEBUG.
The validation rules below only attach a code; the endpoint words the message in the request's language.
"""

from django.utils.translation import gettext_lazy as _
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    ValidationRule,
)
from graphql.validation import NoSchemaIntrospectionCustomRule

from sharepool.graphql.core.errors import ApiErrorCode

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
