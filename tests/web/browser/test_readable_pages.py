"""The main pages as the browser draws them at phone size (issue 12): every text's contrast against what
is behind it meets WCAG AA, every control is a tap target of at least 44px, and a page with what it loads
weighs under 100 KB without images.

Measured in Chromium with getComputedStyle on the pages a resident and a worker see with real data in
them (exchanges in every state, hours in and out, an honour, unread messages, a refused form), so the
colour pairs checked are the ones the stylesheet actually produces, not the ones it declares.
"""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.tenants.activities.services import do_create_activity, do_sign_up
from sharepool.tenants.ledger.models import Transfer
from sharepool.tenants.ledger.services import community_pool, do_transfer, member_account_id
from sharepool.tenants.members.models import Member
from sharepool.tenants.timebank import services as timebank
from sharepool.tenants.timebank.models import Category
from tests.conftest import TEST_PASSWORD
from tests.graphql.conftest import add_member

# For every visible element with text of its own: its colour, the colour behind it (the ancestors'
# backgrounds composited until an opaque one, the page's white at the end), and whether WCAG counts it
# as large text (24px, or 18.66px bold). SVG text is drawn with `fill`, not `color`.
CONTRAST = """() => {
  const parse = c => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, bottom) => { const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]); };
  const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const behind = el => { const layers = [];
    for (let e = el; e; e = e.parentElement) { const bg = parse(getComputedStyle(e).backgroundColor);
      if (bg && bg[3] > 0) { layers.push(bg); if (bg[3] === 1) break; } }
    return layers.reverse().reduce((acc, layer) => over(layer, acc), [255, 255, 255, 1]); };
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const own = [...el.childNodes].filter(n => n.nodeType === 3 && n.textContent.trim()).map(n => n.textContent.trim()).join(" ");
    const field = ["INPUT", "SELECT", "TEXTAREA"].includes(el.tagName) && el.type !== "hidden" && el.type !== "checkbox";
    if (!own && !field) continue;
    const style = getComputedStyle(el), box = el.getBoundingClientRect();
    if (style.visibility === "hidden" || style.display === "none" || box.width === 0 || box.height === 0) continue;
    const svg = el instanceof SVGElement;
    const fg = over(parse(svg ? style.fill : style.color), behind(svg ? el.closest("svg") : el));
    const bg = behind(svg ? el.closest("svg") : el);
    const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight) >= 700;
    out.push({text: (own || el.value || el.tagName).slice(0, 40), tag: el.tagName, className: String(el.className.baseVal ?? el.className),
      ratio: (l1 + 0.05) / (l2 + 0.05), large: size >= 24 || (bold && size >= 18.66),
      fg: fg.slice(0, 3).map(Math.round).join(","), bg: bg.slice(0, 3).map(Math.round).join(",")});
  }
  return out;
}"""

# Every control a thumb aims at. A link inside a sentence is not a target of its own (WCAG 2.5.8's
# inline exception); a checkbox's target is its label.
TAP_TARGETS = """() => {
  const inSentence = a => [...a.parentElement.childNodes].some(n => n !== a && n.nodeType === 3 && n.textContent.trim().replace(/[·|]/g, ""));
  const out = [];
  for (let el of document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea")) {
    if (el.tagName === "A" && inSentence(el)) continue;
    if (el.type === "checkbox" || el.type === "radio") el = el.closest("label") || el;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    out.push({html: el.outerHTML.slice(0, 80), height: box.height, width: box.width});
  }
  return out;
}"""


@pytest.fixture
def beizhan_lived_in(committed_communities):
    """Beizhan with a day's traces: Zhao Fang (a resident) has exchanges in every state, hours in and out,
    unread messages, a place in the classroom the admin runs, and an honour."""
    beizhan = committed_communities("beizhan", name="北站社区")
    with transaction.atomic():
        zhao = add_member(beizhan.schema_name, "zhaofang", display_name="赵芳")
        wang = add_member(beizhan.schema_name, "wangfang", display_name="王芳")
    with schema_context(beizhan.schema_name), transaction.atomic():
        admin = Member.objects.get(role=Member.Role.ADMIN)
        category = Category.objects.first()
        for member in (zhao, wang):
            do_transfer(
                idempotency_key=f"start-{member.id}",
                debit_account_id=community_pool().id,
                credit_account_id=member_account_id(member.id),
                amount=600,
                kind=Transfer.Kind.WELCOME,
            )
        offer = timebank.do_post_offer(actor_id=zhao.id, category_id=category.id, title="修水管")
        wanted = timebank.do_post_request(actor_id=wang.id, category_id=category.id, title="陪老人聊天")
        exchanges = {}
        for state in ("requested", "accepted", "completed", "confirmed"):
            exchange = timebank.do_propose_exchange(actor_id=wang.id, offer_id=offer.id, note="")
            exchanges[state] = exchange
            if state == "requested":
                continue
            timebank.do_accept_exchange(actor_id=zhao.id, exchange_id=exchange.id)
            if state == "accepted":
                continue
            timebank.do_complete_exchange(actor_id=zhao.id, exchange_id=exchange.id, minutes=60)
            if state == "confirmed":
                timebank.do_confirm_exchange(actor_id=wang.id, exchange_id=exchange.id, idempotency_key="k")
        # Zhao Fang pays too: Wang Fang keeps her company for half an hour.
        company = timebank.do_post_offer(actor_id=wang.id, category_id=category.id, title="陪伴聊天")
        paid = timebank.do_propose_exchange(actor_id=zhao.id, offer_id=company.id, note="")
        timebank.do_accept_exchange(actor_id=wang.id, exchange_id=paid.id)
        timebank.do_complete_exchange(actor_id=wang.id, exchange_id=paid.id, minutes=30)
        timebank.do_confirm_exchange(actor_id=zhao.id, exchange_id=paid.id, idempotency_key="p")
        start = timezone.now() + timedelta(minutes=10)
        activity = do_create_activity(
            actor_id=admin.id,
            title="四点半课堂",
            category_id=category.id,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            place="社区活动室",
            capacity=10,
            minutes_credited=120,
        )
        do_sign_up(actor_id=zhao.id, activity_id=activity.id)
    return beizhan, {"offer": offer, "request": wanted, "activity": activity, **exchanges}


def sign_in(page, server, community, username: str) -> None:
    page.goto(server.url(community, "/login/"))
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.locator("main").get_by_role("button", name="登录").click()
    page.wait_for_url(server.url(community, "/"))


def resident_pages(things) -> list[str]:
    return [
        "/",
        "/offers/",
        f"/offers/{things['offer'].id}/",
        "/requests/",
        f"/requests/{things['request'].id}/",
        "/offers/new/",
        "/exchanges/",
        *(f"/exchanges/{things[state].id}/" for state in ("requested", "accepted", "completed", "confirmed")),
        "/me/",
        "/me/transfers/",
        "/activities/",
        f"/activities/{things['activity'].id}/",
        f"/activities/{things['activity'].id}/check-in/?code=ABC",
        "/projects/",
        "/notifications/",
        "/honours/",
        "/stats/",
        "/council/motions/new/",
    ]


def failing_contrast(page) -> list[dict]:
    return [pair for pair in page.evaluate(CONTRAST) if pair["ratio"] < (3.0 if pair["large"] else 4.5)]


def visit_with_refusals(page, server, community, things):
    """The same pages, and forms as they look when refused (the error colours are text too)."""
    for path in resident_pages(things):
        page.goto(server.url(community, path))
        yield path
    page.goto(server.url(community, "/offers/new/"))
    page.get_by_role("button", name="发布").click()
    yield "/offers/new/ refused"
    page.goto(server.url(community, f"/exchanges/{things['accepted'].id}/"))
    page.fill("#id_minutes", "-5")
    page.get_by_role("button", name="记录服务时长").click()
    yield "/exchanges/<accepted>/ refused"


@pytest.mark.parametrize("text_size", ["normal", "large"])
def test_every_text_on_the_residents_pages_meets_wcag_aa_contrast(
    site_server, beizhan_lived_in, phone, text_size
):
    beizhan, things = beizhan_lived_in
    sign_in(phone, site_server, beizhan, "zhaofang")
    if text_size == "large":
        phone.get_by_role("link", name="大字号").click()

    failures, measured = {}, 0
    for where in visit_with_refusals(phone, site_server, beizhan, things):
        measured += len(phone.evaluate(CONTRAST))
        failing = failing_contrast(phone)
        if failing:
            failures[where] = failing

    assert measured > 500  # the pages had text to measure
    assert failures == {}


def test_the_visitors_and_workers_pages_meet_wcag_aa_contrast(site_server, beizhan_lived_in, phone):
    beizhan, things = beizhan_lived_in
    failures = {}
    for path in ("/", "/join/", "/login/", "/honours/", "/stats/"):
        phone.goto(site_server.url(beizhan, path))
        failures[path] = failing_contrast(phone)
    phone.goto(site_server.url(beizhan, "/login/"))
    phone.fill("#id_username", "nobody")
    phone.fill("#id_password", "wrong-password")
    phone.locator("main").get_by_role("button", name="登录").click()
    failures["/login/ refused"] = failing_contrast(phone)
    sign_in(phone, site_server, beizhan, "admin")  # a worker: the check-in code and its QR code
    phone.goto(site_server.url(beizhan, f"/activities/{things['activity'].id}/"))
    failures["/activities/<id>/ as its coordinator"] = failing_contrast(phone)

    assert {where: failing for where, failing in failures.items() if failing} == {}


def test_every_control_on_the_residents_pages_is_at_least_44px(site_server, beizhan_lived_in, phone):
    beizhan, things = beizhan_lived_in
    sign_in(phone, site_server, beizhan, "zhaofang")

    small, counted = {}, 0
    for where in visit_with_refusals(phone, site_server, beizhan, things):
        targets = phone.evaluate(TAP_TARGETS)
        counted += len(targets)
        too_small = [t["html"] for t in targets if t["height"] < 44]
        if too_small:
            small[where] = too_small

    assert counted > 300
    assert small == {}


def test_a_page_with_what_it_loads_weighs_under_100_kb_without_images(site_server, beizhan_lived_in, phone):
    beizhan, things = beizhan_lived_in
    sign_in(phone, site_server, beizhan, "zhaofang")

    weights = {}
    for path in resident_pages(things):
        phone.goto(site_server.url(beizhan, path))
        # The document as it arrived, and every stylesheet and script it loads, uncompressed (a cached
        # file is still part of the page: it is fetched again here to be weighed).
        weights[path] = phone.evaluate(
            """async () => {
                 const doc = performance.getEntriesByType("navigation")[0].decodedBodySize;
                 const assets = [...document.querySelectorAll("link[rel=stylesheet][href], script[src]")]
                   .map(e => e.href || e.src);
                 const sizes = await Promise.all(assets.map(u => fetch(u).then(r => r.arrayBuffer())));
                 return doc + sizes.reduce((sum, b) => sum + b.byteLength, 0);
               }"""
        )

    assert all(weight > 10_000 for weight in weights.values()), weights  # the stylesheet and htmx counted
    assert {path: weight for path, weight in weights.items() if weight >= 100_000} == {}
