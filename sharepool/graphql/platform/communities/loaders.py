from sharepool.graphql.core.loaders import ModelByIdLoader
from sharepool.platform.communities.models import StreetOffice


class StreetOfficeByIdLoader(ModelByIdLoader):
    model = StreetOffice
