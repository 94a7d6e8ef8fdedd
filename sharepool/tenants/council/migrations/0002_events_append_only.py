"""The council's event log refuses UPDATE and DELETE in the database too (issue 13, COUNCIL.md: "nothing
is edited in place"), with the trigger function the audit trails use.

The function lives in `public`, made by platform_audit's migration (shared apps migrate first); made
again here only if missing, as tenants/audit's migration does.
"""

from django.db import migrations

from sharepool.core.audit import REFUSE_CHANGE_FUNCTION_IF_MISSING, refuse_changes_sql


class Migration(migrations.Migration):
    dependencies = [("council", "0001_initial")]

    operations = [
        migrations.RunSQL(REFUSE_CHANGE_FUNCTION_IF_MISSING, migrations.RunSQL.noop),
        migrations.RunSQL(*refuse_changes_sql("council_councilevent")),
    ]
