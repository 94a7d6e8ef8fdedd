import pytest
from django.contrib.auth import get_user_model

from sharepool.platform.accounts.services import do_login_staff
from sharepool.platform.communities.models import StreetOffice, StreetOfficeStaff
from tests.conftest import TEST_PASSWORD


def staff_token(username: str, office: str | None) -> str:
    """A platform account (staff of `office`, or an operator when office is None) and its bearer token."""
    if office is None:
        get_user_model().objects.create_superuser(username=username, password=TEST_PASSWORD, email="")
    else:
        user = get_user_model().objects.create_user(username=username, password=TEST_PASSWORD)
        street_office, _created = StreetOffice.objects.get_or_create(name=office)
        StreetOfficeStaff.objects.create(user=user, street_office=street_office)
    return do_login_staff(username=username, password=TEST_PASSWORD, address="127.0.0.1").token


@pytest.fixture
def platform_tokens(beizhan, minle):
    """Tokens of: staff of 民治街道 (beizhan, minle), staff of 龙华街道 (its own community), an operator."""
    from tests.conftest import make_community

    make_community("qinghu", "清湖社区", street_office="龙华街道")
    return {
        "minzhi": staff_token("minzhi", "民治街道"),
        "longhua": staff_token("longhua", "龙华街道"),
        "operator": staff_token("operator", None),
    }
