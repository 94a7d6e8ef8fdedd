"""The categories every community starts with (issue 4); the community edits them afterwards."""

from django.db import migrations

CATEGORIES = [
    ("household-repair", "家居维修"),
    ("plumbing-electrics", "水电维修"),
    ("childcare-tutoring", "托管与辅导"),
    ("elder-care", "助老服务"),
    ("health", "健康服务"),
    ("transport", "出行接送"),
    ("culture-sports", "文体活动"),
    ("digital-help", "数字帮扶"),
    ("public-volunteering", "公益志愿"),
]


def seed_categories(apps, schema_editor):
    Category = apps.get_model("timebank", "Category")
    for position, (code, name) in enumerate(CATEGORIES):
        Category.objects.get_or_create(code=code, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("timebank", "0001_initial")]

    operations = [migrations.RunPython(seed_categories, migrations.RunPython.noop)]
