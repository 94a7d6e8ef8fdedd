from django.contrib.auth import get_user_model

from sharepool.graphql.core.loaders import Loader, ModelByIdLoader
from sharepool.tenants.admission.services import approvers_of


class UserByIdLoader(ModelByIdLoader):
    model = get_user_model()


class ApproverByMemberLoader(Loader):
    def batch_load(self, keys):
        found = approvers_of(list(keys))
        return [found.get(key) for key in keys]
