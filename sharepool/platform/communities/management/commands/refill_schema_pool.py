from django.core.management.base import BaseCommand

from sharepool.platform.communities.schema_pool import refill_schema_pool


class Command(BaseCommand):
    help = "Drop ready schemas built from older migrations and clone new ones up to SCHEMA_POOL_SIZE."

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, default=None)

    def handle(self, *args, **options):
        made = refill_schema_pool(options["size"])
        self.stdout.write(f"ready schemas made: {made}")
