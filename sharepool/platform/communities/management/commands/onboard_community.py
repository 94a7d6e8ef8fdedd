from django.core.management.base import BaseCommand, CommandError

from sharepool.core.background import waiting
from sharepool.platform.communities.errors import OnboardingError
from sharepool.platform.communities.services import do_start_onboarding, onboard_community
from sharepool.platform.communities.tasks import finish_onboarding_task


class Command(BaseCommand):
    help = "Put a community online: its own schema, subdomain and first admin. Prints the community's URL."

    def add_arguments(self, parser):
        parser.add_argument("--slug", required=True, help="subdomain, e.g. beizhan")
        parser.add_argument("--name", required=True, help="e.g. 北站社区")
        parser.add_argument("--street-office", required=True, help="e.g. 民治街道")
        parser.add_argument("--population", type=int, default=None)
        parser.add_argument("--district", default="")
        parser.add_argument("--admin-username", default="admin")
        parser.add_argument("--admin-password", default=None, help="generated and printed when left out")
        parser.add_argument(
            "--in-background",
            action="store_true",
            help="answer at once (status provisioning); a Celery task makes the community active",
        )

    def handle(self, *args, **options):
        try:
            onboard = do_start_onboarding if options["in_background"] else onboard_community
            result = onboard(
                slug=options["slug"],
                name=options["name"],
                street_office_name=options["street_office"],
                population=options["population"],
                district=options["district"],
                admin_username=options["admin_username"],
                admin_password=options["admin_password"],
            )
        except OnboardingError as error:
            raise CommandError(f"[{error.code}] {error.message}") from error
        self.stdout.write(result.url)
        if options["verbosity"] >= 1:
            self.stderr.write(f"admin: {result.admin_username} / {result.admin_password}")
            if result.status != "active":
                self.stderr.write(f"status: {result.status}")
        if options["in_background"] and waiting(finish_onboarding_task, community_id=result.community_id):
            # Committed, so not an error: the outbox sends the task when the broker answers (issue #10).
            self.stderr.write(
                "the task broker (REDIS_URL) is unreachable: the community stays provisioning until it "
                "answers; the task waits in the outbox and is sent then"
            )
