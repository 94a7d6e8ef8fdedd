"""The council's pages on the demo (issue 13): 创业花园's 156 buildings, the two motions of the seed carried
to follow-up, their minutes approved; what a resident opens first reads right."""

from io import BytesIO
from types import SimpleNamespace

from django.core.management import call_command
from django_tenants.utils import schema_context
from pypdf import PdfReader

from sharepool.platform.communities.models import Domain
from sharepool.tenants.council.models import Motion, Session
from sharepool.tenants.members.models import Member
from sharepool.tenants.neighbourhood.models import Building
from tests.web.pages import client_of


def test_the_demo_council_reads_from_the_motions_to_each_building(db):
    # given
    call_command("seed_demo")
    domain = Domain.objects.get(tenant__schema_name="c_beizhan", is_primary=True).domain
    beizhan = SimpleNamespace(domain=domain, schema_name="c_beizhan")
    with schema_context("c_beizhan"):
        resident = Member.objects.get(user__username="zhaofang")
        nets = Motion.objects.get(number=1)
        first = Session.objects.get(number=1)
        building = nets.buildings.order_by("id").first()
        buildings = Building.objects.count()
    client = client_of(beizhan, resident)

    # when
    home = client.get("/council/").content.decode()
    motion = client.get(f"/council/motions/{nets.id}/").content.decode()
    pdf = client.get(f"/council/sessions/{first.id}/minutes.pdf")
    here = client.get(f"/buildings/{building.id}/").content.decode()
    listed = client.get("/buildings/").context["page"].paginator.count
    organisations = client.get("/organisations/").content.decode()

    # then
    assert "关于防止高空坠物加装防护网的议案" in home and "关于小区“三线”整治活动的提案" in home
    assert "已回访" in home and "纪要（已批准）" in home
    assert "不锈钢防坠网" in motion and "历次文本" in motion and "已完成" in motion
    # long lines wrap on the page: read the text as one run
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf.content)).pages).replace("\n", "")
    assert "第1号议案《关于防止高空坠物加装防护网的议案》通过" in text
    assert "本纪要经" in text and "批准。" in text
    assert 'data-here-status="done" data-here-progress="100"' in here
    assert listed == buildings
    assert "共治型社会组织" in organisations
