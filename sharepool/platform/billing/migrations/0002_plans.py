# The three plans of issue #6. Prices in fen; Stripe price ids are filled in by the operator (admin).
from django.db import migrations

PLANS = [
    ("free_pilot", "免费试点", 0),
    ("standard", "标准版", 80_000),
    ("street_office_bundle", "街道套餐", 500_000),
]


def create_plans(apps, schema_editor):
    Plan = apps.get_model("billing", "Plan")
    for code, name, price in PLANS:
        Plan.objects.get_or_create(code=code, defaults={"name": name, "monthly_price_fen": price})


def delete_plans(apps, schema_editor):
    apps.get_model("billing", "Plan").objects.filter(code__in=[code for code, _n, _p in PLANS]).delete()


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]
    operations = [migrations.RunPython(create_plans, delete_plans)]
