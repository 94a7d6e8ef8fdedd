from collections import defaultdict

from sharepool.graphql.core.loaders import Loader, ModelByIdLoader
from sharepool.tenants.neighbourhood.models import Building, BuildingHead, Estate, MemberStanding


class BuildingByIdLoader(ModelByIdLoader):
    model = Building


class EstateByIdLoader(ModelByIdLoader):
    model = Estate


class BuildingsByHeadTermLoader(Loader):
    def batch_load(self, keys):
        found = defaultdict(list)
        for link in (
            BuildingHead.buildings.through.objects.filter(buildinghead_id__in=keys)
            .select_related("building")
            .order_by("building_id")
        ):
            found[link.buildinghead_id].append(link.building)
        return [found[key] for key in keys]


class CurrentHeadsByBuildingLoader(Loader):
    def batch_load(self, keys):
        found = defaultdict(list)
        for link in (
            BuildingHead.buildings.through.objects.filter(
                building_id__in=keys, buildinghead__until__isnull=True
            )
            .select_related("buildinghead")
            .order_by("buildinghead_id")
        ):
            found[link.building_id].append(link.buildinghead)
        return [found[key] for key in keys]


class StandingByMemberLoader(Loader):
    def batch_load(self, keys):
        found = {s.member_id: s for s in MemberStanding.objects.filter(member_id__in=keys)}
        return [found.get(key) for key in keys]
