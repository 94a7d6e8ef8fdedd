"""What every fault test ends with: the ledger's invariants hold in every community."""

from io import StringIO

from django.core.management import call_command
from django.db import connection


def assert_ledger_clean() -> None:
    connection.set_schema_to_public()
    out = StringIO()
    call_command("verify_ledger", stdout=out)  # raises CommandError, with the report, when one fails
    assert "ledger ok" in out.getvalue()
