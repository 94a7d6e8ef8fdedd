"""What each kind of federation actor may do: the table the federation's checks read (issue 11).

The table answers "may this kind of actor do this at all"; which rows it may do it to (its own
organisation, its street office's communities, the alliances it convenes) stays with the access rules
in access.py, which give the same answer for "missing" and "forbidden".
"""

from enum import StrEnum

from sharepool.core.permissions import PermissionTable
from sharepool.platform.federation.actors import ActorKind, FederationActor


class FederationPermission(StrEnum):
    READ_FEDERATION = "read_federation"  # the directory, alliances, listings and projects it can see
    REGISTER_ORGANISATIONS = "register_organisations"
    VERIFY_ORGANISATIONS = "verify_organisations"
    ACT_FOR_ORGANISATIONS = "act_for_organisations"  # tokens, listings, alliances, projects of one it manages
    CONVENE_ALLIANCES = "convene_alliances"
    CHECK_IN_WITH_CODE = "check_in_with_code"  # a resident, at a project activity, with the day's code
    SIGN_UP_FOR_PROJECT_ACTIVITIES = "sign_up_for_project_activities"
    VIEW_STREET_OFFICE_STATS = "view_street_office_stats"


_EVERYONE = {FederationPermission.READ_FEDERATION}
_MANAGERS = _EVERYONE | {FederationPermission.ACT_FOR_ORGANISATIONS}

FEDERATION_PERMISSIONS = PermissionTable(
    side="federation",
    roles=ActorKind,
    permissions=FederationPermission,
    grants={
        ActorKind.OPERATOR: _MANAGERS
        | {
            FederationPermission.REGISTER_ORGANISATIONS,
            FederationPermission.VERIFY_ORGANISATIONS,
            FederationPermission.VIEW_STREET_OFFICE_STATS,
        },
        ActorKind.STREET_OFFICE: _MANAGERS
        | {
            FederationPermission.REGISTER_ORGANISATIONS,
            FederationPermission.VERIFY_ORGANISATIONS,
            FederationPermission.CONVENE_ALLIANCES,
            FederationPermission.VIEW_STREET_OFFICE_STATS,
        },
        ActorKind.ORGANISATION: _MANAGERS | {FederationPermission.CONVENE_ALLIANCES},
        ActorKind.COMMUNITY_WORKER: _MANAGERS
        | {
            FederationPermission.REGISTER_ORGANISATIONS,
            FederationPermission.VERIFY_ORGANISATIONS,
            FederationPermission.CONVENE_ALLIANCES,
        },
        ActorKind.RESIDENT: _EVERYONE
        | {
            FederationPermission.CHECK_IN_WITH_CODE,
            FederationPermission.SIGN_UP_FOR_PROJECT_ACTIVITIES,
        },
    },
)


def federation_allows(actor: FederationActor, permission: FederationPermission) -> bool:
    return FEDERATION_PERMISSIONS.allows(actor.kind, permission)
