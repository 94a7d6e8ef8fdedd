"""The trigger function that keeps ledger transfers immutable, made once, in the public schema (issue #10).

It used to be made by every community schema's migration (ledger 0002), so concurrent onboardings
replaced the one shared function at the same moment and failed with "tuple concurrently updated". That
migration now makes it only when it is missing (a database from before this one); this one runs with
the public schema's migrations, before any community's.
"""

from django.db import migrations

REFUSE_FUNCTION = """
CREATE OR REPLACE FUNCTION public.sharepool_refuse_ledger_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger transfers are immutable: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0001_outbox")]

    operations = [migrations.RunSQL(REFUSE_FUNCTION, migrations.RunSQL.noop)]
