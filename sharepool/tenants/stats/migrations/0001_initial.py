# StatsSnapshot moved here from the recognition app (issue 11): the table recognition_statssnapshot exists
# (recognition 0002), so only Django's state is created.

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("recognition", "0002_statssnapshot"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="StatsSnapshot",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("day", models.DateField(unique=True, verbose_name="day")),
                        ("members", models.PositiveIntegerField(verbose_name="members")),
                        (
                            "active_members_90_days",
                            models.PositiveIntegerField(verbose_name="members active in the last 90 days"),
                        ),
                        ("minutes_served", models.PositiveBigIntegerField(verbose_name="minutes served")),
                        (
                            "minutes_in_circulation",
                            models.PositiveBigIntegerField(verbose_name="minutes in circulation"),
                        ),
                        ("population", models.PositiveIntegerField(null=True, verbose_name="population")),
                        (
                            "participation_rate",
                            models.DecimalField(
                                decimal_places=4, max_digits=12, null=True, verbose_name="participation rate"
                            ),
                        ),
                        ("taken_at", models.DateTimeField(verbose_name="taken")),
                    ],
                    options={
                        "verbose_name": "statistics snapshot",
                        "verbose_name_plural": "statistics snapshots",
                        "ordering": ["-day"],
                        "db_table": "recognition_statssnapshot",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
