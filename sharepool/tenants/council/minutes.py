"""Minutes (会议纪要) written from a session's events, in Chinese (issue 13).

Only the event log is read: what the minutes say is what happened, in the order it happened, with the
counts recorded at that moment. Residents read the minutes in Chinese whatever the request's language:
they are the record the council approves.
"""

from django.utils import timezone

from sharepool.tenants.council.models import CouncilEvent, Motion, Session
from sharepool.tenants.members.models import Member

METHODS = {"voice": "口头表决", "show_of_hands": "举手表决", "roll_call": "记名表决", "ballot": "无记名投票"}
THRESHOLDS = {"majority": "过半数", "two_thirds": "三分之二"}
STATES = {"closed": "闭会", "adjourned": "休会", "no_quorum": "因不足法定人数未能开会"}


def when(event: CouncilEvent) -> str:
    return f"{timezone.localtime(event.at):%H:%M}"


def minutes_text(session: Session) -> str:
    events = list(CouncilEvent.objects.filter(session=session).order_by("id"))
    member_ids = {e.actor_id for e in events} | {e.detail.get("member_id") for e in events}
    # Looked up by actor_id too, which is None for what the system did.
    names: dict[int | None, str] = dict(
        Member.objects.filter(id__in=[m for m in member_ids if m]).values_list("id", "display_name")
    )
    motion_ids = {e.motion_id for e in events if e.motion_id}
    titles = {m.id: (m.number, m.title, m.kind) for m in Motion.objects.filter(id__in=motion_ids)}

    def motion_name(motion_id) -> str:
        number, title, kind = titles[motion_id]
        return f"第{number}号议案《{title}》" if number else f"《{title}》"

    lines = [
        f"{session.council.name} 第{session.number}次会议纪要",
        f"会议：{session.title}",
        f"时间：{timezone.localtime(session.scheduled_at):%Y年%m月%d日 %H:%M}　地点：{session.place or '—'}",
        f"主持人：{session.chair.display_name}　记录人：{session.secretary.display_name}",
        "",
    ]
    present: list[str] = []
    for event in events:
        who = names.get(event.actor_id, "系统")
        c = event.counts
        quorum = f"（应到{c.get('entitled')}人，实到{c.get('present')}人，法定人数{c.get('quorum')}人）"
        match event.kind:
            case "checked_in":
                name = names.get(event.detail.get("member_id"), "")
                if name and name not in present:
                    present.append(name)
            case "session_opened":
                lines.append(f"{when(event)} 主持人宣布开会{quorum}。")
            case "no_quorum":
                lines.append(f"{when(event)} 不足法定人数，会议未能召开{quorum}。")
            case "stated":
                lines.append(f"{when(event)} 主持人宣布审议{motion_name(event.motion_id)}{quorum}。")
            case "amendment_proposed":
                lines.append(
                    f"{when(event)} {who}对{motion_name(event.detail['parent_id'])}提出修正案：“{event.detail['text']}”。"
                )
            case "seconded_and_stated":
                lines.append(f"{when(event)} 修正案{motion_name(event.motion_id)}获附议，进入审议。")
            case "floor_given":
                lines.append(f"{when(event)} {names.get(event.detail.get('member_id'), '')}发言。")
            case "debate_closed" | "debate_continues":
                result = "通过，停止辩论" if event.kind == "debate_closed" else "未达三分之二，继续辩论"
                lines.append(
                    f"{when(event)} 停止辩论动议表决：赞成{c['yes']}，反对{c['no']}，弃权{c['abstain']}，{result}。"
                )
            case "vote_opened":
                lines.append(
                    f"{when(event)} 对{motion_name(event.motion_id)}进行{METHODS[c['method']]}"
                    f"（应到{c['entitled']}人，实到{c['present_at_open']}人）。"
                )
            case "vote_closed":
                result = "通过" if event.to_state == "adopted" else "未通过"
                lines.append(
                    f"{when(event)} 表决结果：赞成{c['yes']}，反对{c['no']}，弃权{c['abstain']}，"
                    f"实到{c['present_at_close']}人，须{THRESHOLDS[c['threshold']]}赞成，{motion_name(event.motion_id)}{result}。"
                )
            case "text_amended":
                lines.append(
                    f"　　议案文本修正为：“{event.detail['after']}”（原文：“{event.detail['before']}”）。"
                )
            case "withdrawn":
                lines.append(f"{when(event)} {motion_name(event.motion_id)}经同意撤回。")
            case "referred":
                lines.append(
                    f"{when(event)} {motion_name(event.motion_id)}交付{event.detail['to']}研究，"
                    f"{event.detail['report_due']}前报告。"
                )
            case "postponed":
                lines.append(
                    f"{when(event)} {motion_name(event.motion_id)}延期至第{event.detail['to_session']}次会议审议。"
                )
            case "returned_unfinished":
                lines.append(f"{when(event)} {motion_name(event.motion_id)}本次会议未完成审议。")
            case "minutes_approved":
                lines.append(
                    f"{when(event)} 第{event.detail['minutes_of_session']}次会议纪要获批准{quorum}。"
                )
            case "session_closed" | "session_adjourned":
                lines.append(f"{when(event)} 主持人宣布{STATES[event.to_state]}{quorum}。")
    lines.insert(4, f"出席：{'、'.join(present) if present else '无'}")
    return "\n".join(lines) + "\n"
