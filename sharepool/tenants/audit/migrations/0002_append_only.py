"""Audit entries refuse UPDATE and DELETE, like ledger transfers (issue 11).

The trigger function lives in `public`, made by platform_audit's migration, which runs first (shared apps
migrate before tenants). Made again here only if missing: replacing it while another schema migrates
fails with "tuple concurrently updated".
"""

from django.db import migrations

from sharepool.core.audit import REFUSE_CHANGE_FUNCTION_IF_MISSING, refuse_changes_sql

class Migration(migrations.Migration):
    dependencies = [("community_audit", "0001_initial")]

    operations = [
        migrations.RunSQL(REFUSE_CHANGE_FUNCTION_IF_MISSING, migrations.RunSQL.noop),
        migrations.RunSQL(*refuse_changes_sql("community_audit_communityauditentry")),
    ]
