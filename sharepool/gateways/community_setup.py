"""Onboarding fills a new community's schema: its settings row and its first admin (members app)."""

from django_tenants.utils import schema_context

from sharepool.tenants.members.services import do_create_community_admin, do_create_community_settings


def set_up_community(
    *, schema_name: str, admin_username: str, admin_password: str, admin_display_name: str
) -> int:
    """Inside the caller's transaction; returns the admin's member id."""
    with schema_context(schema_name):
        do_create_community_settings()
        admin = do_create_community_admin(
            username=admin_username, password=admin_password, display_name=admin_display_name
        )
    return admin.id
