"""The README's "resident's whole day" on the demo itself (issue 10): a newcomer approved by 陈社工 offers a
service, 赵芳 asks for it, the newcomer records an hour, 赵芳 confirms and pays it (step 7), the newcomer's
balance shows it (step 8), and the next 四点半课堂 has a place for the newcomer (step 9).

The browser walk of the same day is tests/web/browser/test_resident_day.py, on a bare community; this
one runs through the pages on the seeded demo, where 赵芳's balance and the classroom's places are the
demo's own.
"""

from types import SimpleNamespace

from django.core.management import call_command
from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.demo.communities import DEMO_PASSWORD
from sharepool.platform.communities.models import Community
from sharepool.platform.communities.services import community_domain
from sharepool.tenants.activities.models import Activity, SignUp
from sharepool.tenants.admission.services import do_approve_member
from sharepool.tenants.ledger.verify import verify_ledgers
from sharepool.tenants.members.models import Member
from sharepool.tenants.neighbourhood.services import do_register_resident
from sharepool.tenants.timebank.models import Category, Exchange, Offer
from tests.tenants.cast import balance
from tests.web.pages import back_to, client_of


def test_the_readme_day_works_on_the_demo(db, settings):
    # given: the demo, and a newcomer approved by the community worker (steps 1-3)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo")
    row = Community.objects.get(slug="beizhan")
    beizhan = SimpleNamespace(schema_name=row.schema_name, domain=community_domain(row.slug))
    with schema_context(beizhan.schema_name):
        shegong = Member.objects.get(user__username="shegong")
        zhaofang = Member.objects.get(user__username="zhaofang")
        newcomer = do_register_resident(
            username="xinjumin",
            password=DEMO_PASSWORD,
            display_name="新居民",
            phone="13912345678",
            building="北站花园 3栋",
            skills="修水管",
        )
        do_approve_member(actor=shegong, member_id=newcomer.id)
        plumbing = Category.objects.get(code="plumbing-electrics")
    mine, hers = client_of(beizhan, newcomer), client_of(beizhan, zhaofang)

    # step 4: the newcomer offers a service
    posted = mine.post("/offers/new/", {"categoryId": plumbing.id, "title": "修水管（新居民）"})
    assert posted.status_code == 302
    back_to(beizhan)
    offer = Offer.objects.get(title="修水管（新居民）")

    # step 5: 赵芳 asks for it
    assert hers.post(f"/offers/{offer.id}/propose/", {"note": ""}).status_code == 302
    back_to(beizhan)
    exchange = Exchange.objects.get(offer=offer)

    # step 6: accepted, 60 minutes recorded
    assert mine.post(f"/exchanges/{exchange.id}/accept/").status_code == 302
    assert mine.post(f"/exchanges/{exchange.id}/complete/", {"minutes": "60"}).status_code == 302

    # step 7: 赵芳 confirms and the hour moves
    page = hers.get(f"/exchanges/{exchange.id}/")
    key = page.context["forms"]["confirm"]["idempotencyKey"].value()
    confirmed = hers.post(f"/exchanges/{exchange.id}/confirm/", {"idempotencyKey": key})
    assert confirmed.status_code == 302, confirmed.context and confirmed.context["forms"]["confirm"].errors
    back_to(beizhan)
    exchange.refresh_from_db()
    assert exchange.state == "confirmed"
    # 赵芳 paid from hours the demo gave her, not from her credit line
    assert balance(zhaofang) >= 0

    # step 8: the newcomer's balance is 1 hour
    assert balance(newcomer) == 60
    assert "1 小时" in mine.get("/me/").content.decode()

    # step 9: the next 4:30 classroom has a place for the newcomer
    back_to(beizhan)
    classroom = Activity.objects.filter(title="四点半课堂", starts_at__gt=timezone.now()).get()
    assert mine.post(f"/activities/{classroom.id}/sign-up/").status_code == 302
    back_to(beizhan)
    assert SignUp.objects.get(activity=classroom, member=newcomer).status == "confirmed"
    assert "你已报名成功。" in mine.get(f"/activities/{classroom.id}/").content.decode()
    assert verify_ledgers()[1] == []
