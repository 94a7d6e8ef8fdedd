"""`manage.py import_members --community beizhan register.xlsx [--dry-run]` (issue 14)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django_tenants.utils import schema_context

from sharepool.gateways.communities import community_by_slug
from sharepool.tenants.members.models import Member
from sharepool.tenants.neighbourhood.register_import import check_register, do_import_register, read_rows


class Command(BaseCommand):
    help = "Import a community's register (CSV or XLSX): members with their member numbers and hour balances."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the register, .csv (UTF-8) or .xlsx")
        parser.add_argument("--community", required=True, metavar="SLUG")
        parser.add_argument("--dry-run", action="store_true", help="check every line and write nothing")
        parser.add_argument(
            "--as",
            dest="actor",
            metavar="USERNAME",
            help="the admin it is recorded as (default: the first admin)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("zh-hans")
        community = community_by_slug(options["community"])
        if community is None or not community.serving:
            raise CommandError(f"no serving community {options['community']!r}")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"no file {path}")
        with schema_context(community.schema_name):
            admins = Member.objects.filter(role=Member.Role.ADMIN, status=Member.Status.ACTIVE)
            if options["actor"]:
                admins = admins.filter(user__username=options["actor"])
            actor = admins.order_by("id").first()
            if actor is None:
                raise CommandError("no active admin to record the import as")
            lines, problems = check_register(read_rows(path.read_bytes(), path.name))
            if problems:
                self.report_problems(problems)
            report = do_import_register(
                actor=actor, lines=lines, dry_run=options["dry_run"], progress=self.progress
            )
        if report.problems:
            self.report_problems(report.problems)
        hours = report.minutes / 60
        if options["dry_run"]:
            self.stdout.write(
                f"dry run, nothing written: {report.created} members to import ({hours:g} hours), "
                f"{report.unchanged} already imported"
            )
        else:
            self.stdout.write(
                f"imported {report.created} members ({hours:g} hours); {report.unchanged} already there, unchanged"
            )

    def report_problems(self, problems) -> None:
        for problem in problems:
            self.stderr.write(str(problem))
        raise CommandError(f"{len(problems)} line(s) to correct; nothing was written")

    def progress(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        self.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
        if done == total:
            self.stderr.write("")
