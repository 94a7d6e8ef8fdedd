from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from sharepool.platform.communities.demo import DEMO_PASSWORD, seed_demo_communities
from sharepool.platform.communities.services import community_url

# Each capability adds its own seeder here; every seeder is idempotent.
DEMO_SEEDERS: list[str] = [
    "sharepool.tenants.members.demo.seed_demo_members",
    "sharepool.tenants.neighbourhood.demo.seed_demo_estates",
    "sharepool.tenants.timebank.demo.seed_beizhan_time_bank",
    "sharepool.platform.federation.demo.seed_demo_federation",
    "sharepool.platform.billing.demo.seed_demo_billing",
    "sharepool.tenants.neighbourhood.demo.seed_demo_neighbourhood",
]


class Command(BaseCommand):
    help = "Idempotent demo data modelled on the Beizhan community (shared/seed/)."

    def handle(self, *args, **options):
        lines = seed_demo_communities()
        for seeder in DEMO_SEEDERS:
            import_string(seeder)()
        from django.conf import settings

        self.stdout.write(
            f"平台 platform: {community_url(settings.PLATFORM_DOMAIN)}  (operator / {DEMO_PASSWORD}, street office: minzhi / {DEMO_PASSWORD})"
        )
        for line in lines:
            self.stdout.write(line)
