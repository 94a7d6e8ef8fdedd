"""Audit entries refuse UPDATE and DELETE, like ledger transfers (issue 11).

The trigger function lives in `public`; CREATE OR REPLACE makes each side's migration stand alone.
"""

from django.db import migrations

from sharepool.core.audit import REFUSE_CHANGE_FUNCTION, refuse_changes_sql

class Migration(migrations.Migration):
    dependencies = [("platform_audit", "0001_initial")]

    operations = [
        migrations.RunSQL(REFUSE_CHANGE_FUNCTION, migrations.RunSQL.noop),
        migrations.RunSQL(*refuse_changes_sql("platform_audit_platformauditentry")),
    ]
