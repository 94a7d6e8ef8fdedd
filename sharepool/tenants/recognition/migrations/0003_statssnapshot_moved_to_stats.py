# StatsSnapshot moved to the stats app (issue 11): the table stays where it is, only Django's state moves.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("recognition", "0002_statssnapshot"),
        ("stats", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="StatsSnapshot")],
            database_operations=[],
        ),
    ]
