"""Member.building was free text; it becomes a reference to a neighbourhood building (issue 13).

No value is lost: each distinct text (trimmed) becomes one building, marked to confirm, and the members
who wrote it point to it. An empty text means no building. The unit stays as it was. Going back writes
each member's building name into the text again.
"""

from django.db import migrations, models
import django.db.models.deletion


def texts_to_buildings(apps, schema_editor):
    Member = apps.get_model("members", "Member")
    Building = apps.get_model("neighbourhood", "Building")
    by_text = {}
    for member in Member.objects.exclude(building_text="").only("id", "building_text").iterator():
        text = member.building_text.strip()
        if not text:
            continue
        if text not in by_text:
            building = Building.objects.filter(estate__isnull=True, name=text).first()
            by_text[text] = building or Building.objects.create(name=text, to_confirm=True)
        Member.objects.filter(id=member.id).update(building=by_text[text])


def buildings_to_texts(apps, schema_editor):
    Member = apps.get_model("members", "Member")
    for member in Member.objects.exclude(building=None).select_related("building").iterator():
        Member.objects.filter(id=member.id).update(building_text=member.building.name[:50])


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0003_usernames_unique_after_folding"),
        ("neighbourhood", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="member", old_name="building", new_name="building_text"),
        migrations.AddField(
            model_name="member",
            name="building",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="residents",
                to="neighbourhood.building",
                verbose_name="building",
            ),
        ),
        migrations.RunPython(texts_to_buildings, buildings_to_texts),
        migrations.RemoveField(model_name="member", name="building_text"),
    ]
