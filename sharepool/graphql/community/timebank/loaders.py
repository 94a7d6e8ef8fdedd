from sharepool.graphql.core.loaders import ModelByIdLoader
from sharepool.tenants.members.models import Member
from sharepool.tenants.timebank.models import Category


class MemberByIdLoader(ModelByIdLoader):
    model = Member


class CategoryByIdLoader(ModelByIdLoader):
    model = Category
