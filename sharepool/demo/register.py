"""Beizhan at its real size (`seed_demo --full`): a generated register of 9,000 members whose balances
total 62,000 hours (the seed's figures), brought in through the register importer as a community would
bring its own (issue 14). Member numbers start at 401, above the hand-made demo residents, so number
1,000 is reached and honoured as the seed's 1,000th member was.
"""

import random
from collections.abc import Callable

from django_tenants.utils import schema_context

from sharepool.demo.communities import BEIZHAN
from sharepool.platform.communities.models import Community
from sharepool.tenants.members.models import Member
from sharepool.tenants.neighbourhood.register_import import (
    ImportReport,
    check_register,
    do_import_register,
    read_rows,
)

MEMBERS = 9000
HOURS = 62_000
FIRST_NUMBER = 401
HEADINGS = "会员编号,姓名,手机,楼栋,房号,入会日期,时间余额（小时）"
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国红梅玉兰海燕志强小龙春梅"


def generated_register(members: int = MEMBERS, hours: int = HOURS, seed: int = 2026) -> str:
    """A register as a CSV text: balances in half hours that add up to exactly `hours`."""
    rng = random.Random(seed)
    halves = [rng.randint(0, 40) for _ in range(members)]
    scale = hours * 2 / max(sum(halves), 1)
    halves = [int(h * scale) for h in halves]
    halves[0] += hours * 2 - sum(halves)
    lines = [HEADINGS]
    for index, half in enumerate(halves):
        number = FIRST_NUMBER + index
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
        phone = f"139{number:08d}" if index % 5 else ""  # one in five without a mobile, as many elders
        joined = f"20{15 + index * 10 // members}-{index % 12 + 1:02d}-{index % 28 + 1:02d}"
        lines.append(
            f"{number},{name},{phone},北站新村{index % 156 + 1}栋,{index % 30 + 101},{joined},{half / 2:g}"
        )
    return "\n".join(lines) + "\n"


def seed_full_register(
    progress: Callable[[int, int], None] | None = None, *, members: int = MEMBERS
) -> ImportReport | None:
    community = Community.objects.filter(slug=BEIZHAN.slug).first()
    if community is None:
        return None
    with schema_context(community.schema_name):
        admin = Member.objects.get(role=Member.Role.ADMIN, user__username="admin")
        lines, problems = check_register(read_rows(generated_register(members).encode(), "register.csv"))
        assert not problems, problems[:3]  # a generated register is always well formed
        return do_import_register(actor=admin, lines=lines, progress=progress)
