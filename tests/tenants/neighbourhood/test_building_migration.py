"""members 0004 turns every free-text building into a building reference, losing no value (issue 13)."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sharepool.platform.communities.models import Community

BEFORE = [("members", "0003_usernames_unique_after_folding")]
AFTER = [("members", "0004_member_building_reference")]


def migrate(targets):
    # Inside the test's transaction: check the deferred foreign keys now, as a commit would, so that
    # PostgreSQL lets the migration alter the tables.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_each_text_becomes_one_building_to_confirm_and_units_and_empty_texts_are_kept(beizhan, minle):
    # given: Beizhan's schema back before the migration, with members who typed their building
    connection.set_tenant(Community.objects.get(schema_name=beizhan.schema_name))
    old = migrate(BEFORE)
    User, Member = old.get_model("auth", "User"), old.get_model("members", "Member")
    texts = [("北站花园 3栋", "502"), (" 北站花园 3栋", "601"), ("上塘村12栋", ""), ("", "1-1")]
    for n, (text, unit) in enumerate(texts):
        Member.objects.create(
            user=User.objects.create(username=f"m{n}"), display_name=f"居民{n}", building=text, unit=unit
        )

    # when
    new = migrate(AFTER)

    # then
    Member, Building = new.get_model("members", "Member"), new.get_model("neighbourhood", "Building")
    rows = list(
        Member.objects.exclude(role="admin")
        .order_by("id")
        .values_list("building__name", "building__to_confirm", "unit")
    )
    assert rows == [
        ("北站花园 3栋", True, "502"),
        ("北站花园 3栋", True, "601"),
        ("上塘村12栋", True, ""),
        (None, None, "1-1"),
    ]
    assert sorted(Building.objects.values_list("name", flat=True)) == ["上塘村12栋", "北站花园 3栋"]
    # the other community's schema was not touched
    connection.set_schema(minle.schema_name)
    assert not Building.objects.exists()


def test_going_back_writes_each_building_name_into_the_text_again(beizhan):
    # given
    connection.set_tenant(Community.objects.get(schema_name=beizhan.schema_name))
    apps = migrate(AFTER)
    Building, Member = apps.get_model("neighbourhood", "Building"), apps.get_model("members", "Member")
    admin = Member.objects.get(role="admin")
    Member.objects.filter(id=admin.id).update(building=Building.objects.create(name="锦绣江南 8栋"))

    # when
    old = migrate(BEFORE)

    # then
    assert old.get_model("members", "Member").objects.get(id=admin.id).building == "锦绣江南 8栋"
