from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from sharepool.core.errors import DomainError
from sharepool.platform.accounts.actors import staff_actor
from sharepool.platform.accounts.street_offices import do_create_street_office, do_create_street_office_staff
from sharepool.platform.communities.models import StreetOffice


class Command(BaseCommand):
    help = (
        "Make a street office (unless it exists) and, with --staff-username, a staff account for it that "
        "signs in at /office/. The same domain functions as createStreetOffice and createStreetOfficeStaff."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--operator", required=True, help="the operator (superuser) doing it, for the audit"
        )
        parser.add_argument("--name", required=True, help="e.g. 民治街道")
        parser.add_argument("--district", default="")
        parser.add_argument("--staff-username", default=None)
        parser.add_argument("--staff-password", default=None, help="generated and printed when left out")

    def handle(self, *args, **options):
        actor = staff_actor(get_user_model().objects.filter(username=options["operator"]).first())
        try:
            office = StreetOffice.objects.filter(name=options["name"].strip()).first()
            if office is None:
                office = do_create_street_office(
                    actor=actor, name=options["name"], district=options["district"]
                )
                self.stdout.write(f"street office: {office.name} (id {office.id})")
            if options["staff_username"]:
                created = do_create_street_office_staff(
                    actor=actor,
                    street_office_id=office.id,
                    username=options["staff_username"],
                    password=options["staff_password"],
                )
                self.stdout.write(f"staff: {created.username}")
                if created.password:
                    self.stderr.write(f"password (shown once): {created.password}")
        except DomainError as error:
            raise CommandError(f"[{error.code}] {error.message}") from error
