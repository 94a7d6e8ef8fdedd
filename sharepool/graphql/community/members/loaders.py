from django.contrib.auth import get_user_model

from sharepool.graphql.core.loaders import ModelByIdLoader


class UserByIdLoader(ModelByIdLoader):
    model = get_user_model()
