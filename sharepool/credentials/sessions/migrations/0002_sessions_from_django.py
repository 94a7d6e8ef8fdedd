"""The sessions of Django's own table, kept with their user's id, so that nobody is signed out by the move
to this app's table; Django's table then goes, since its app is no longer installed (issue 12).

In each schema, its own table only: a community's search path also finds the public schema's.
"""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.db import migrations


def user_id_of(data: dict):
    try:
        return int(data[SESSION_KEY])
    except (KeyError, TypeError, ValueError):
        return None


def sessions_from_django(apps, schema_editor):
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema(), to_regclass(quote_ident(current_schema()) || '.django_session')")
        schema, table = cursor.fetchone()
        if table is None:  # a schema made after the move: Django's app never made its table here
            return
        django_table = f"{quote(schema)}.django_session"
        new_table = quote(apps.get_model("user_sessions", "Session")._meta.db_table)
        # Its decode() is ours: both stores are named SessionStore, which salts the signature.
        decode = DjangoSessionStore().decode
        cursor.execute(
            f"SELECT session_key, session_data, expire_date FROM {django_table} WHERE expire_date > now()"  # noqa: S608
        )
        # Unexpired sessions only: one per device signed in, thousands in a community, not millions.
        rows = cursor.fetchall()
        cursor.executemany(
            f"INSERT INTO {new_table} (session_key, session_data, expire_date, user_id) "  # noqa: S608
            "VALUES (%s, %s, %s, %s) ON CONFLICT (session_key) DO NOTHING",
            [(key, data, expires, user_id_of(decode(data))) for key, data, expires in rows],
        )
        cursor.execute(f"DROP TABLE {django_table}")


class Migration(migrations.Migration):
    dependencies = [("user_sessions", "0001_initial")]

    # Irreversible in effect: going back leaves this app's table, and Django's is not made again.
    operations = [migrations.RunPython(sessions_from_django, migrations.RunPython.noop)]
