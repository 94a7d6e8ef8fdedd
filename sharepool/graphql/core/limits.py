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
    """Fields nested deeper than MAX_DEPTH, counted through fragments; introspection fields do not count."""

    def enter_operation_definition(self, node: OperationDefinitionNode, *_args):
        fragments = {
            definition.name.value: definition
            for definition in self.context.document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        if self._depth(node.selection_set, fragments, 0, frozenset()) > MAX_DEPTH:
            self.report_error(_limit_error(ApiErrorCode.QUERY_TOO_DEEP, [node]))

    def _depth(self, selection_set, fragments, depth: int, seen: frozenset) -> int:
        if selection_set is None or depth > MAX_DEPTH:
            return depth
        deepest = depth
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                if selection.name.value.startswith("__"):
                    continue
                deepest = max(deepest, self._depth(selection.selection_set, fragments, depth + 1, seen))
            elif isinstance(selection, InlineFragmentNode):
                deepest = max(deepest, self._depth(selection.selection_set, fragments, depth, seen))
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = fragments.get(name)
                if fragment is not None and name not in seen:  # cycles are reported by NoFragmentCyclesRule
                    deepest = max(
                        deepest, self._depth(fragment.selection_set, fragments, depth, seen | {name})
                    )
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
