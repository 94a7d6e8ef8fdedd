"""A unique index on each community's usernames after NFKC normalisation and lower-casing (issue 10).

Accounts that already share a folded username keep their names, so nobody is locked out: the earliest of
each group is in the index (no new account can take its name again) and the later ones are left out of it
by id. In a community without such accounts, the index covers every row.
"""

from django.db import migrations

INDEX = "auth_user_username_folded_uniq"
FOLDED = "lower(normalize(username, NFKC))"


def create_index(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"SELECT array_agg(id ORDER BY id) FROM auth_user GROUP BY {FOLDED} HAVING count(*) > 1"  # noqa: S608
        )
        later_duplicates = sorted(int(i) for (ids,) in cursor.fetchall() for i in ids[1:])
        where = f" WHERE id <> ALL (ARRAY[{', '.join(map(str, later_duplicates))}]::integer[])" if later_duplicates else ""
        cursor.execute(f"CREATE UNIQUE INDEX {INDEX} ON auth_user ({FOLDED}){where}")


def drop_index(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_memberevent_memberloginattempt_membertoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
