from django.core.management import call_command
from django.db import connection
from django_tenants.utils import schema_context

from sharepool.platform.communities.models import Community, StreetOfficeStaff
from sharepool.tenants.members.models import Member


def schema_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'c\\_%'")
        return cursor.fetchone()[0]


def test_seed_demo_creates_beizhan_and_a_second_community(db, capsys):
    call_command("seed_demo")

    out = capsys.readouterr().out
    beizhan = Community.objects.get(slug="beizhan")
    assert (beizhan.name, beizhan.street_office.name, beizhan.population) == ("北站社区", "民治街道", 72_000)
    assert Community.objects.filter(slug="minle", street_office=beizhan.street_office).exists()
    assert "http://beizhan.localhost:8000/" in out and "http://minle.localhost:8000/" in out
    assert StreetOfficeStaff.objects.get(user__username="minzhi").street_office == beizhan.street_office
    with schema_context("c_beizhan"):
        assert Member.objects.filter(role="admin", user__username="admin").count() == 1


def test_seed_demo_run_twice_changes_nothing(db):
    # given
    call_command("seed_demo")
    communities, schemas = list(Community.objects.values_list("slug", "schema_name")), schema_count()
    with schema_context("c_beizhan"):
        members = Member.objects.count()

    # when
    call_command("seed_demo")

    # then
    assert list(Community.objects.values_list("slug", "schema_name")) == communities
    assert schema_count() == schemas
    with schema_context("c_beizhan"):
        assert Member.objects.count() == members
