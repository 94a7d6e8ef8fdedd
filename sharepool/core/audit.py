"""What both audit trails share: before/after snapshots as plain JSON (issue 11).

A community's staff actions are recorded in its own schema (sharepool/tenants/audit), the federation's
and the platform's in the public schema (sharepool/platform/audit), each by a `record_audit(...)` called
inside the transaction of the action, like Zulip's RealmAuditLog. Rows are never changed or deleted: a
trigger refuses UPDATE and DELETE, as it does for ledger transfers.
"""

import json
from collections.abc import Iterable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.forms.models import model_to_dict

REFUSE_CHANGE_FUNCTION = """
CREATE OR REPLACE FUNCTION public.sharepool_refuse_audit_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$;
"""

REFUSE_CHANGE_FUNCTION_IF_MISSING = f"""
DO $outer$
BEGIN
    IF to_regprocedure('public.sharepool_refuse_audit_change()') IS NULL THEN
        EXECUTE $sql${REFUSE_CHANGE_FUNCTION}$sql$;
    END IF;
END
$outer$;
"""


def refuse_changes_sql(table: str) -> tuple[str, str]:
    """(forward, backward) SQL of the trigger that keeps `table` append-only."""
    return (
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION public.sharepool_refuse_audit_change();",
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};",
    )


class AuditJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, and a related row as its id (model_to_dict gives many-to-many fields as rows)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, models.Model):
            return o.pk
        return super().default(o)


def snapshot(value: Any, fields: Iterable[str] | None = None) -> Any:
    """A model row (its editable fields, or `fields`) or any value, as JSON-safe data; None stays None."""
    if value is None:
        return None
    if isinstance(value, models.Model):
        value = model_to_dict(value, fields=list(fields) if fields is not None else None)
    return json.loads(json.dumps(value, cls=AuditJSONEncoder))


def subject_of(subject: models.Model | tuple[str, object]) -> tuple[str, str]:
    """(subject type, subject id) of a row, or of a (type, id) pair for what is not one row."""
    if isinstance(subject, models.Model):
        return subject._meta.model_name or type(subject).__name__.lower(), str(subject.pk)
    kind, identifier = subject
    return kind, str(identifier)
