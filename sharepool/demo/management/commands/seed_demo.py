from django.conf import settings
from django.core.management.base import BaseCommand

from sharepool.demo.billing import seed_demo_billing
from sharepool.demo.communities import DEMO_PASSWORD, seed_demo_communities
from sharepool.demo.council import seed_demo_council
from sharepool.demo.federation import seed_demo_federation
from sharepool.demo.members import seed_demo_members
from sharepool.demo.neighbourhood import seed_demo_estates, seed_demo_neighbourhood
from sharepool.demo.register import MEMBERS, seed_full_register
from sharepool.demo.timebank import seed_beizhan_time_bank
from sharepool.platform.communities.services import community_url

# In order: the communities first, then what lives in them, then what spans them. Each is idempotent.
# The estates come before the members (members name their buildings); building heads and party members
# after the time bank's residents exist.
DEMO_SEEDERS = [
    seed_demo_estates,
    seed_demo_members,
    seed_beizhan_time_bank,
    seed_demo_federation,
    seed_demo_billing,
    seed_demo_neighbourhood,
    seed_demo_council,
]


class Command(BaseCommand):
    help = "Idempotent demo data modelled on the Beizhan community (shared/seed/)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--full",
            action="store_true",
            help=f"Beizhan at its real size: a generated register of {MEMBERS:,} members and 62,000 hours, "
            "through the register importer (about a minute)",
        )

    def handle(self, *args, **options):
        lines = seed_demo_communities()
        for seeder in DEMO_SEEDERS:
            seeder()
        if options["full"]:
            report = seed_full_register(progress=self.progress)
            if report is not None:
                self.stdout.write(
                    f"北站 register: {report.created} members imported, {report.unchanged} already there, "
                    f"{report.minutes / 60:,.0f} hours carried forward"
                )
        self.stdout.write(
            f"平台 platform: {community_url(settings.PLATFORM_DOMAIN)}  (operator / {DEMO_PASSWORD}, street office: minzhi / {DEMO_PASSWORD})"
        )
        for line in lines:
            self.stdout.write(line)

    def progress(self, done: int, total: int) -> None:
        self.stderr.write(f"\r北站 register: {done}/{total}", ending="" if done < total else "\n")
