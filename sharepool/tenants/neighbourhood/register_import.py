"""Bringing an existing register in: members and their carried-forward hour balances (issue 14).

A community that ran its sharing association on paper or in a spreadsheet (Beizhan: 9,000 members,
62,000 hours) brings the register in once: a CSV or XLSX file with one member a line. Each member keeps
their member number; a balance becomes one opening transfer from the community's pool, as LEDGER.md
says hours are issued. The import is:
- checked whole first: every bad line is reported (line, column, reason) and nothing is written;
- all or nothing: one transaction;
- idempotent: a member number already in the community with the same name is left as it is, and its
  opening transfer (keyed by the number) is not posted twice; importing the same file again changes nothing.

It lives with the neighbourhood because a line names a building: unknown names become buildings to
confirm, as at registration.
"""

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Literal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sharepool.core.errors import DomainError
from sharepool.core.text import check_text
from sharepool.tenants.audit.services import CommunityAuditAction as Action
from sharepool.tenants.audit.services import record_audit
from sharepool.tenants.ledger.actors import require_permission
from sharepool.tenants.ledger.models import Transfer
from sharepool.tenants.ledger.services import Posting, community_pool, member_account_ids, post_transfers
from sharepool.tenants.members.models import Member
from sharepool.tenants.members.permissions import CommunityPermission
from sharepool.tenants.members.services import PHONE_PATTERN, do_lock_member_numbers
from sharepool.tenants.neighbourhood.errors import NeighbourhoodError, NeighbourhoodErrorCode
from sharepool.tenants.neighbourhood.models import Building
from sharepool.tenants.recognition.services import grant_member_number_milestone

# The columns a register has, by the headings people write (Chinese first) and the API's names.
COLUMNS = {
    "member_number": ("会员编号", "编号", "memberNumber", "member_number"),
    "name": ("姓名", "name", "displayName"),
    "phone": ("手机", "手机号", "电话", "phone"),
    "building": ("楼栋", "building"),
    "unit": ("房号", "单元", "unit"),
    "joined": ("入会日期", "joined"),
    "balance_hours": (
        "时间余额（小时）",
        "时间余额(小时)",
        "余额（小时）",
        "余额",
        "balanceHours",
        "balance_hours",
    ),
}
REQUIRED = ("member_number", "name")
USERNAME_PREFIX = "register-"  # members of an imported register sign in once a worker gives them a password
CHUNK = 1000  # rows per statement when writing, and how often progress is reported
OPENING_MEMO = "登记册导入的结余"


def opening_key(member_number: int) -> str:
    return f"register-opening-{member_number}"


@dataclass(frozen=True)
class RegisterLine:
    line: int
    member_number: int
    name: str
    phone: str
    building: str
    unit: str
    joined: date | None
    balance_minutes: int


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        return _("line %(line)s, %(column)s: %(reason)s") % {
            "line": self.line,
            "column": self.column,
            "reason": self.reason,
        }


@dataclass
class ImportReport:
    lines: int = 0
    created: int = 0
    unchanged: int = 0
    minutes: int = 0  # the balances carried forward by this run
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False

    @property
    def written(self) -> bool:
        return not self.dry_run and not self.problems


# ---------------------------------------------------------------------------------------------
# Reading a file


def read_rows(content: bytes, filename: str) -> Iterator[tuple[int, dict[str, object]]]:
    """(line number, {heading: value}) of a CSV (UTF-8, with or without a BOM) or an XLSX file."""
    if filename.lower().endswith(".xlsx"):
        yield from _xlsx_rows(content)
    else:
        text = content.decode("utf-8-sig")
        for number, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
            if any((value or "").strip() for value in row.values() if isinstance(value, str)):
                yield number, dict(row)


def _xlsx_rows(content: bytes) -> Iterator[tuple[int, dict[str, object]]]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        headings = [str(value or "").strip() for value in next(rows, ())]
        for number, values in enumerate(rows, start=2):
            if any(value not in (None, "") for value in values):
                yield number, dict(zip(headings, values, strict=False))
    finally:
        workbook.close()


def column_names(headings: Iterable[str]) -> dict[str, str]:
    """{our column: the file's heading} for the headings the file has."""
    found = {}
    for heading in headings:
        cleaned = str(heading or "").strip()
        for column, names in COLUMNS.items():
            if cleaned in names and column not in found:
                found[column] = cleaned
    return found


def read_register(content: bytes, filename: str) -> tuple[list["RegisterLine"], list["Problem"]]:
    """A file's checked lines and its problems; a file that is no register at all is refused."""
    try:
        return check_register(read_rows(content, filename))
    except (UnicodeDecodeError, ValueError, KeyError, OSError, zipfile.BadZipFile) as error:
        raise NeighbourhoodError(
            NeighbourhoodErrorCode.REGISTER_UNREADABLE,
            _("This file cannot be read as a CSV (UTF-8) or XLSX register."),
            field="file",
        ) from error


# ---------------------------------------------------------------------------------------------
# Checking every line


def check_register(rows: Iterable[tuple[int, dict[str, object]]]) -> tuple[list[RegisterLine], list[Problem]]:
    lines: list[RegisterLine] = []
    problems: list[Problem] = []
    numbers: dict[int, int] = {}  # member number: the line it is on
    columns: dict[str, str] | None = None
    for number, row in rows:
        if columns is None:
            columns = column_names(row.keys())
            missing = [COLUMNS[c][0] for c in REQUIRED if c not in columns]
            if missing:
                return [], [Problem(1, "、".join(missing), _("this column is missing"))]
        line, line_problems = _check_line(number, row, columns)
        problems += line_problems
        if line is None:
            continue
        if line.member_number in numbers:
            problems.append(
                Problem(
                    number,
                    columns["member_number"],
                    _("member number %(number)s is also on line %(other)s")
                    % {"number": line.member_number, "other": numbers[line.member_number]},
                )
            )
            continue
        numbers[line.member_number] = number
        lines.append(line)
    if columns is None:
        problems.append(Problem(1, "", _("the file has no members")))
    return lines, problems


def _text(row: dict[str, object], columns: dict[str, str], column: str) -> str:
    value = row.get(columns[column]) if column in columns else None
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a spreadsheet's 13912345678.0 or 12.0
    return str(value).strip()


def _check_line(number: int, row: dict[str, object], columns: dict[str, str]):
    problems: list[Problem] = []

    def problem(column: str, reason: str) -> None:
        problems.append(Problem(number, columns.get(column, COLUMNS[column][0]), reason))

    texts = {column: _text(row, columns, column) for column in COLUMNS}
    for column, value in texts.items():
        try:
            check_text(value, field=column)
        except DomainError:
            problem(column, _("contains characters that cannot be stored"))
            return None, problems
    member_number = None
    if not re.fullmatch(r"[0-9]{1,9}", texts["member_number"]) or int(texts["member_number"]) < 1:
        problem("member_number", _("a member number is a whole number from 1"))
    else:
        member_number = int(texts["member_number"])
    if not texts["name"]:
        problem("name", _("the name is empty"))
    elif len(texts["name"]) > 100:
        problem("name", _("the name is longer than 100 characters"))
    if texts["phone"] and not PHONE_PATTERN.match(texts["phone"]):
        problem("phone", _("not an 11-digit mobile number (leave it empty if there is none)"))
    if len(texts["building"]) > 100:
        problem("building", _("the building's name is longer than 100 characters"))
    if len(texts["unit"]) > 50:
        problem("unit", _("the unit is longer than 50 characters"))
    joined = _joined(row.get(columns["joined"]) if "joined" in columns else None)
    if joined is False:
        problem("joined", _("write the date as 2019-03-05"))
    balance = _minutes(texts["balance_hours"])
    if balance is None:
        problem("balance_hours", _("hours from 0, in steps of one minute (for example 12 or 1.5)"))
    if problems:
        return None, problems
    assert member_number is not None and balance is not None, "either was None only with a problem noted"
    return (
        RegisterLine(
            line=number,
            member_number=member_number,
            name=texts["name"],
            phone=texts["phone"],
            building=texts["building"],
            unit=texts["unit"],
            joined=joined or None,
            balance_minutes=balance,
        ),
        [],
    )


def _joined(value: object) -> date | Literal[False] | None:
    """A date, None when empty, False when unreadable."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip().replace("/", "-"))
    except ValueError:
        return False


def _minutes(text: str) -> int | None:
    if not text:
        return 0
    try:
        hours = Decimal(text)
    except InvalidOperation:
        return None
    minutes = hours * 60
    if not hours.is_finite() or hours < 0 or minutes != minutes.to_integral_value() or minutes > 10**9:
        return None
    return int(minutes)


# ---------------------------------------------------------------------------------------------
# Writing


Progress = Callable[[int, int], None]


def do_import_register(
    *, actor: Member, lines: list[RegisterLine], dry_run: bool = False, progress: Progress | None = None
) -> ImportReport:
    """Import checked lines (check_register). With problems, or on a dry run, nothing is written."""
    for step in importing_register(actor=actor, lines=lines, dry_run=dry_run):
        if isinstance(step, ImportReport):
            return step
        if progress is not None:
            progress(*step)
    raise AssertionError("importing_register ends with its report")


def importing_register(
    *, actor: Member, lines: list[RegisterLine], dry_run: bool = False
) -> Iterator[tuple[int, int] | ImportReport]:
    """The import as steps, for a page that shows its progress: (members written, of how many) after each
    chunk, then the report. It is one transaction: closed before its end, it leaves nothing written."""
    require_permission(actor, CommunityPermission.APPROVE_MEMBERS)
    require_permission(actor, CommunityPermission.ADJUST_BALANCES)
    report = ImportReport(lines=len(lines), dry_run=dry_run)
    with transaction.atomic():
        do_lock_member_numbers()  # numbering and imports one at a time
        new = _compare_with_community(lines, report)
        report.created, report.minutes = len(new), sum(line.balance_minutes for line in new)
        if report.problems or dry_run:
            transaction.set_rollback(True)
        else:
            for done in _write(actor, new):
                yield done, len(new)
            if new:
                record_audit(
                    actor=actor,
                    action=Action.MEMBERS_IMPORTED,
                    subject=("register", min(line.member_number for line in new)),
                    after={"members": report.created, "minutes": report.minutes},
                )
    yield report


def _compare_with_community(lines: list[RegisterLine], report: ImportReport) -> list[RegisterLine]:
    """The lines not in the community yet; lines already imported are checked to say the same."""
    existing = {
        number: (member_id, name)
        for member_id, number, name in Member.objects.filter(
            member_number__in=[line.member_number for line in lines]
        ).values_list("id", "member_number", "display_name")
        if number is not None  # never: picked by number
    }
    opened = dict(
        Transfer.objects.filter(idempotency_key__in=[opening_key(number) for number in existing]).values_list(
            "idempotency_key", "amount"
        )
    )
    new = []
    for line in lines:
        if line.member_number not in existing:
            new.append(line)
            continue
        _member_id, name = existing[line.member_number]
        if name != line.name:
            report.problems.append(
                Problem(
                    line.line,
                    COLUMNS["member_number"][0],
                    _("member number %(number)s already belongs to %(name)s")
                    % {"number": line.member_number, "name": name},
                )
            )
        elif opened.get(opening_key(line.member_number), 0) != line.balance_minutes:
            report.problems.append(
                Problem(
                    line.line,
                    COLUMNS["balance_hours"][0],
                    _("differs from the balance imported before; correct it with an adjustment instead"),
                )
            )
        else:
            report.unchanged += 1
    return new


def _write(actor: Member, lines: list[RegisterLine]) -> Iterator[int]:
    buildings = _buildings({line.building for line in lines if line.building})
    pool = community_pool().id
    now = timezone.now()
    unusable = make_password(None)  # nobody signs in as an imported member until given a password
    User = get_user_model()
    done = 0
    for start in range(0, len(lines), CHUNK):
        chunk = lines[start : start + CHUNK]
        users = User.objects.bulk_create(
            [User(username=f"{USERNAME_PREFIX}{line.member_number}", password=unusable) for line in chunk]
        )
        members = Member.objects.bulk_create(
            [
                Member(
                    user=user,
                    display_name=line.name,
                    phone=line.phone,
                    building=buildings.get(line.building),
                    unit=line.unit,
                    member_number=line.member_number,
                    status=Member.Status.ACTIVE,
                    approved_at=_at(line.joined) or now,
                )
                for user, line in zip(users, chunk, strict=True)
            ]
        )
        accounts = member_account_ids([member.id for member in members])
        postings = [
            Posting(
                idempotency_key=opening_key(line.member_number),
                debit_id=pool,
                credit_id=accounts[member.id],
                amount=line.balance_minutes,
                kind=Transfer.Kind.ADJUSTMENT,
                memo=OPENING_MEMO,
            )
            for member, line in zip(members, chunk, strict=True)
            if line.balance_minutes
        ]
        if postings:
            post_transfers(postings, recorded_by_id=actor.id)
        for member in members:
            grant_member_number_milestone(member=member, now=now)
        done += len(chunk)
        yield done


def _buildings(names: set[str]) -> dict[str, Building]:
    """Each named building: an existing one of that name, or a new one to confirm."""
    found: dict[str, Building] = {}
    for building in Building.objects.filter(name__in=names).order_by("-to_confirm", "-id"):
        found[building.name] = building  # the last wins: confirmed before to-confirm, older first
    missing = sorted(names - found.keys())
    for building in Building.objects.bulk_create(
        [Building(estate=None, name=name, to_confirm=True) for name in missing]
    ):
        found[building.name] = building
    return found


def _at(joined: date | None) -> datetime | None:
    if joined is None:
        return None
    return timezone.make_aware(datetime.combine(joined, time(9, 0)))
