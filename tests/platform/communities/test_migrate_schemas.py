"""`migrate_schemas` visits only the communities that lack a migration of the code (issue 15)."""

from django.core.management import call_command
from django.db import connection
from django_tenants.utils import schema_context

from sharepool.platform.communities import migration_executor
from sharepool.platform.communities.migration_state import migrations_on_disk, schemas_needing_migrations


def applied(schema_name: str) -> set[tuple[str, str]]:
    with schema_context(schema_name), connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations")
        return set(cursor.fetchall())


def forget_last_migration(schema_name: str, app: str) -> str:
    """As if the code had gained a migration this schema lacks (nothing in it changes but the record)."""
    with schema_context(schema_name), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM django_migrations WHERE id = (SELECT max(id) FROM django_migrations WHERE app = %s) "
            "RETURNING name",
            [app],
        )
        return cursor.fetchone()[0]


def test_a_migrated_community_has_every_migration_on_disk(beizhan):
    assert applied(beizhan.schema_name) >= migrations_on_disk()
    assert schemas_needing_migrations([beizhan.schema_name]) == []


def test_a_no_op_run_visits_no_community(beizhan, minle, capsys):
    # when
    call_command("migrate_schemas", "--tenant", verbosity=1)

    # then
    out = capsys.readouterr().out
    assert "communities up to date: 2; to migrate: 0" in out
    assert beizhan.schema_name not in out and minle.schema_name not in out


def test_only_the_community_that_lacks_a_migration_is_migrated(beizhan, minle, capsys):
    # given: beizhan lacks the council's last migration
    missing = forget_last_migration(beizhan.schema_name, "council")
    assert schemas_needing_migrations([beizhan.schema_name, minle.schema_name]) == [beizhan.schema_name]

    # when (--fake: the schema already has what the migration makes; only its record is missing)
    call_command("migrate_schemas", "--tenant", "--fake", verbosity=1)

    # then: beizhan visited and whole again, minle left alone
    out = capsys.readouterr().out
    assert "communities up to date: 1; to migrate: 1" in out
    assert beizhan.schema_name in out and minle.schema_name not in out
    assert ("council", missing) in applied(beizhan.schema_name)
    assert schemas_needing_migrations([beizhan.schema_name, minle.schema_name]) == []


def test_a_named_target_visits_every_community(beizhan, minle, capsys):
    # when: an operator moves every schema to a named state (here the state they are in)
    last = max(name for app, name in migrations_on_disk() if app == "council")
    call_command("migrate_schemas", "council", last, "--tenant", verbosity=1)

    # then
    out = capsys.readouterr().out
    assert beizhan.schema_name in out and minle.schema_name in out


def test_many_communities_behind_are_migrated_by_several_processes(
    committed_communities, monkeypatch, settings
):
    # given: three committed communities that each lack the council's last migration, and processes used
    # from two schemas on (for a thousand communities, the default 20)
    communities = [committed_communities(slug) for slug in ("beizhan", "minle", "xinniu")]
    missing = {forget_last_migration(community.schema_name, "council") for community in communities}
    monkeypatch.setattr(migration_executor, "PARALLEL_FROM", 2)
    settings.TENANT_MULTIPROCESSING_MAX_PROCESSES = 2

    # when
    call_command("migrate_schemas", "--tenant", "--fake", verbosity=0)

    # then: every one of them whole again
    (name,) = missing
    schemas = [community.schema_name for community in communities]
    assert all(("council", name) in applied(schema) for schema in schemas)
    assert schemas_needing_migrations(schemas) == []
