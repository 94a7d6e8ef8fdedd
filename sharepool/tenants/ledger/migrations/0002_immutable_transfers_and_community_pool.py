"""Transfers refuse UPDATE and DELETE (LEDGER.md: nothing is ever deleted or edited), and every
community schema starts with its one `community_pool` account.

The trigger function lives in `public` so that one definition serves every schema; django-tenants'
clone_schema copies the trigger into each schema cloned from the template.

Issue #10: the function is now made once by the public schema's migration core 0002. Here it is made
only when missing (a schema migrated before that one ran), so concurrent migrations of new community
schemas no longer replace it at once ("tuple concurrently updated"). Databases that applied the old
text are unaffected: the function is the same.
"""

from django.db import migrations

REFUSE_FUNCTION = """
DO $outer$
BEGIN
    IF to_regprocedure('public.sharepool_refuse_ledger_change()') IS NULL THEN
        CREATE FUNCTION public.sharepool_refuse_ledger_change() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'ledger transfers are immutable: % refused on %', TG_OP, TG_TABLE_NAME
                USING ERRCODE = 'restrict_violation';
        END
        $$;
    END IF;
END
$outer$;
"""


def open_community_pool(apps, schema_editor):
    Account = apps.get_model("ledger", "Account")
    Account.objects.get_or_create(kind="community_pool")


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [
        migrations.RunSQL(REFUSE_FUNCTION, migrations.RunSQL.noop),
        migrations.RunSQL(
            "CREATE TRIGGER ledger_transfer_immutable BEFORE UPDATE OR DELETE ON ledger_transfer "
            "FOR EACH ROW EXECUTE FUNCTION public.sharepool_refuse_ledger_change();",
            "DROP TRIGGER IF EXISTS ledger_transfer_immutable ON ledger_transfer;",
        ),
        migrations.RunPython(open_community_pool, migrations.RunPython.noop),
    ]
