"""The one typed object a resolver reads per-request facts from (STYLE.md 5).

Built once per request by the endpoint, after the tenant middleware resolved the host and the
credential was checked against it. Resolvers never read the request's headers or session themselves.
"""

from dataclasses import dataclass, field

from django.http import HttpRequest

from sharepool.credentials.addresses import client_address
from sharepool.platform.accounts.actors import StaffActor
from sharepool.platform.accounts.models import StaffToken
from sharepool.platform.communities.models import Community
from sharepool.platform.federation.actors import OrganisationActor
from sharepool.platform.federation.models import OrganisationToken
from sharepool.tenants.members.models import Member, MemberToken


@dataclass
class RequestContext:
    request: HttpRequest
    permissions: frozenset[str]
    loaders: dict = field(default_factory=dict)

    @property
    def is_authenticated(self) -> bool:
        raise NotImplementedError

    @property
    def client_address(self) -> str | None:
        return client_address(self.request)

    @property
    def community_suspended(self) -> bool:
        return False

    @property
    def bearer(self) -> bool:
        """The credential came as a bearer token (no CSRF check), not as the session cookie."""
        raise NotImplementedError

    def loader(self, loader_class):
        """The request's instance of a DataLoader: created on first use, so batches never span requests."""
        instance = self.loaders.get(loader_class)
        if instance is None:
            instance = self.loaders[loader_class] = loader_class(self)
        return instance


@dataclass(kw_only=True)
class CommunityContext(RequestContext):
    community: Community  # the host's, which the tenant middleware resolved before the endpoint runs
    member: Member | None = None
    token: MemberToken | None = None  # set when the request came with a bearer token

    @property
    def is_authenticated(self) -> bool:
        return self.member is not None

    @property
    def bearer(self) -> bool:
        return self.token is not None

    @property
    def community_suspended(self) -> bool:
        return self.community.status == Community.Status.SUSPENDED


@dataclass
class PlatformContext(RequestContext):
    staff: StaffActor | None = None
    token: StaffToken | None = None
    # A partner organisation acting through one of its API tokens (federation, issue 5).
    organisation: OrganisationActor | None = None
    organisation_token: OrganisationToken | None = None

    @property
    def is_authenticated(self) -> bool:
        return self.staff is not None or self.organisation is not None

    @property
    def bearer(self) -> bool:
        return self.token is not None or self.organisation_token is not None
