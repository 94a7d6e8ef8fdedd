from django.core.management.base import BaseCommand

from sharepool.graphql.sdl import schemas, sdl_of


class Command(BaseCommand):
    help = "Write the SDL of the community and platform GraphQL schemas to sharepool/graphql/*.graphql."

    def handle(self, *args, **options):
        for path, schema in schemas().items():
            path.write_text(sdl_of(schema), encoding="utf-8")
            self.stdout.write(f"{path}")
