"""Moving hours (docs/architecture.md, "The ledger", issue 4).

Every movement goes through `post_transfers`: validate, lock every account involved in ascending id order,
honour idempotency keys, check limits, insert the transfers and change the materialised balances, all in
the caller's transaction. The public `do_*` functions wrap it in a retried transaction.
"""

from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharepool.core.audit import snapshot
from sharepool.core.retry import atomic_with_retries
from sharepool.core.rows import row_by
from sharepool.core.text import check_model_texts, check_text
from sharepool.tenants.audit.services import CommunityAuditAction as Action
from sharepool.tenants.audit.services import record_audit
from sharepool.tenants.ledger.actors import load_active_member, require_permission
from sharepool.tenants.ledger.errors import LedgerError, LedgerErrorCode
from sharepool.tenants.ledger.idempotency import Operation, Result, run_once
from sharepool.tenants.ledger.models import Account, Transfer
from sharepool.tenants.members.models import DEFAULT_CREDIT_LIMIT_MINUTES, CommunitySettings
from sharepool.tenants.members.permissions import CommunityPermission

MAX_KEY_LENGTH = 200
# One movement is at most a long day of service or a large correction; a typo of 60000 is refused.
MAX_AMOUNT = 100 * 60 * 24


@dataclass(frozen=True)
class Posting:
    idempotency_key: str
    debit_id: int
    credit_id: int
    amount: int
    kind: str
    memo: str = ""
    reverses_id: UUID | None = None

    def matches(self, transfer: Transfer) -> bool:
        """Same key, same parameters: a replay (LEDGER.md); anything else is a reused key."""
        return (
            transfer.debit_id,
            transfer.credit_id,
            transfer.amount,
            transfer.kind,
            transfer.reverses_id,
        ) == (
            self.debit_id,
            self.credit_id,
            self.amount,
            self.kind,
            self.reverses_id,
        )


def check_posting(posting: Posting) -> None:
    key = posting.idempotency_key
    if not key or not key.strip() or len(key) > MAX_KEY_LENGTH:
        raise LedgerError(
            LedgerErrorCode.IDEMPOTENCY_KEY_REQUIRED,
            _("Every movement of hours needs an idempotency key of 1 to 200 characters."),
            field="idempotencyKey",
        )
    check_text(key, field="idempotencyKey")
    if (
        isinstance(posting.amount, bool)
        or not isinstance(posting.amount, int)
        or not (0 < posting.amount <= MAX_AMOUNT)
    ):
        raise LedgerError(
            LedgerErrorCode.AMOUNT_INVALID,
            _("The amount must be a whole number of minutes between 1 and %(max)d.") % {"max": MAX_AMOUNT},
            field="amount",
        )
    if posting.debit_id == posting.credit_id:
        raise LedgerError(LedgerErrorCode.SAME_ACCOUNT, _("An account cannot pay itself."))
    if posting.kind not in Transfer.Kind.values or (posting.kind == Transfer.Kind.REVERSAL) != bool(
        posting.reverses_id
    ):
        raise LedgerError(LedgerErrorCode.KIND_INVALID, _("Unknown kind of transfer."), field="kind")


TRANSFER_COLUMNS = (
    "id",
    "idempotency_key",
    "debit_id",
    "credit_id",
    "amount",
    "kind",
    "reverses_id",
    "recorded_by_id",
    "memo",
    "created_at",
)
TRANSFER = Transfer._meta.db_table
ACCOUNT = Account._meta.db_table


@dataclass
class LockedAccount:
    id: int
    kind: str
    balance: int
    credit_limit: int
    ceiling: int | None


def transfer_from_row(row: tuple[Any, ...]) -> Transfer:
    transfer = Transfer(**dict(zip(TRANSFER_COLUMNS, row, strict=True)))
    transfer._state.adding = False
    return transfer


def existing_transfers(cursor: CursorWrapper, postings: list[Posting]) -> dict[str, Transfer]:
    """The committed transfers under these keys, each checked against its posting (LEDGER.md idempotency)."""
    cursor.execute(
        f"SELECT {', '.join(TRANSFER_COLUMNS)} FROM {TRANSFER} WHERE idempotency_key = ANY(%s)",  # noqa: S608
        [[p.idempotency_key for p in postings]],
    )
    found = {row[1]: transfer_from_row(row) for row in cursor.fetchall()}
    for posting in postings:
        existing = found.get(posting.idempotency_key)
        if existing is not None and not posting.matches(existing):
            raise LedgerError(
                LedgerErrorCode.IDEMPOTENCY_KEY_REUSED,
                _("This idempotency key was already used for a different movement."),
                field="idempotencyKey",
            )
    return found


def replayed(posting: Posting) -> Transfer | None:
    with connection.cursor() as cursor:
        return existing_transfers(cursor, [posting]).get(posting.idempotency_key)


def lock_posting_accounts(cursor: CursorWrapper, account_ids: set[int]) -> dict[int, LockedAccount]:
    # Ascending id order, always: LEDGER.md measured 11% deadlocks on hot accounts without it, 0 with it.
    cursor.execute(
        f"SELECT id, kind, balance, credit_limit, ceiling FROM {ACCOUNT} "  # noqa: S608
        "WHERE id = ANY(%s) ORDER BY id FOR UPDATE",
        [sorted(account_ids)],
    )
    accounts = {row[0]: LockedAccount(*row) for row in cursor.fetchall()}
    if len(accounts) != len(account_ids):
        raise LedgerError(LedgerErrorCode.ACCOUNT_NOT_FOUND, _("No such account in this community."))
    return accounts


def lock_accounts(account_ids: set[int]) -> dict[int, Account]:
    return {a.id: a for a in Account.objects.select_for_update().filter(id__in=account_ids).order_by("id")}


def check_limits(debit: "LockedAccount", credit: "LockedAccount", amount: int) -> None:
    if debit.kind == Account.Kind.MEMBER and debit.balance - amount < -debit.credit_limit:
        raise LedgerError(
            LedgerErrorCode.INSUFFICIENT_BALANCE,
            _("Not enough hours: the balance may not fall below minus the credit limit."),
            field="amount",
        )
    if credit.ceiling is not None and credit.balance + amount > credit.ceiling:
        raise LedgerError(
            LedgerErrorCode.ABOVE_CEILING, _("This would take the balance above its ceiling."), field="amount"
        )


def insert_transfers(cursor: CursorWrapper, transfers: list[Transfer]) -> set[UUID]:
    """Insert unless the key exists; returns the ids really inserted.

    ON CONFLICT on the key rather than a savepoint: a racing duplicate key waits for the first
    transaction, then reads as "already there" instead of aborting ours.
    """
    values = ", ".join(["(" + ", ".join(["%s"] * len(TRANSFER_COLUMNS)) + ")"] * len(transfers))
    cursor.execute(
        f"INSERT INTO {TRANSFER} ({', '.join(TRANSFER_COLUMNS)}) VALUES {values} "  # noqa: S608
        "ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
        [getattr(t, column) for t in transfers for column in TRANSFER_COLUMNS],
    )
    return {row[0] for row in cursor.fetchall()}


def post_transfers(postings: list[Posting], *, recorded_by_id: int | None = None) -> list[Transfer]:
    """Post all or none of `postings`; replays of committed keys return the first transfers unchanged.

    The ledger's hot path, four statements on one cursor: lock the accounts (ascending ids), look up
    the keys, insert the transfers, move the balances.
    """
    assert connection.in_atomic_block, "post_transfers runs inside the caller's transaction"
    for posting in postings:
        check_posting(posting)
    with connection.cursor() as cursor:
        accounts = lock_posting_accounts(
            cursor, {p.debit_id for p in postings} | {p.credit_id for p in postings}
        )
        # Looked up after the locks: a replay racing the first call waits for it, then sees its transfer
        # (READ COMMITTED reads what committed while we waited). Once, not before and after the locks:
        # replays are rare, and the locks a replay takes are held for one statement.
        found = existing_transfers(cursor, postings)
        reversed_ids = [p.reverses_id for p in postings if p.reverses_id and p.idempotency_key not in found]
        if reversed_ids:
            cursor.execute(f"SELECT 1 FROM {TRANSFER} WHERE reverses_id = ANY(%s)", [reversed_ids])  # noqa: S608
            if cursor.fetchone():
                raise LedgerError(LedgerErrorCode.ALREADY_REVERSED, _("This transfer was already reversed."))
        now, new = timezone.now(), []
        for posting in postings:
            if posting.idempotency_key in found:
                continue
            debit, credit = accounts[posting.debit_id], accounts[posting.credit_id]
            check_limits(debit, credit, posting.amount)
            debit.balance -= posting.amount
            credit.balance += posting.amount
            new.append(
                Transfer(
                    id=uuid4(),
                    idempotency_key=posting.idempotency_key,
                    debit_id=posting.debit_id,
                    credit_id=posting.credit_id,
                    amount=posting.amount,
                    kind=posting.kind,
                    reverses_id=posting.reverses_id,
                    recorded_by_id=recorded_by_id,
                    memo=posting.memo,
                    created_at=now,
                )
            )
        if new:
            inserted = insert_transfers(cursor, new)
            if len(inserted) != len(new):
                # A concurrent transaction committed one of our keys between the look-up and the insert.
                # The same movement would have queued on the same account locks, so it is a reused key.
                existing_transfers(cursor, [p for p in postings if p.idempotency_key not in found])
                raise LedgerError(LedgerErrorCode.BUSY, _("The ledger is busy; please try again."))
            deltas: dict[int, int] = {}
            for transfer in new:
                transfer._state.adding = False
                deltas[transfer.debit_id] = deltas.get(transfer.debit_id, 0) - transfer.amount
                deltas[transfer.credit_id] = deltas.get(transfer.credit_id, 0) + transfer.amount
                found[transfer.idempotency_key] = transfer
            changed = sorted((account, delta) for account, delta in deltas.items() if delta)
            if changed:
                cursor.execute(
                    f"UPDATE {ACCOUNT} AS a SET balance = a.balance + d.delta FROM (VALUES "  # noqa: S608
                    + ", ".join(["(%s::bigint, %s::bigint)"] * len(changed))
                    + ") AS d(id, delta) WHERE a.id = d.id",
                    [value for pair in changed for value in pair],
                )
    return [found[p.idempotency_key] for p in postings]


# ---------------------------------------------------------------------------------------------
# Accounts


def community_pool() -> Account:
    # Created by migration 0003 in the template, so every community schema has exactly one.
    return Account.objects.get(kind=Account.Kind.COMMUNITY_POOL)


def default_credit_limit() -> int:
    minutes = CommunitySettings.objects.values_list("default_credit_limit_minutes", flat=True).first()
    return DEFAULT_CREDIT_LIMIT_MINUTES if minutes is None else minutes


def check_can_pay(member_id: int) -> None:
    """Refuse a member who could not pay a single minute now (balance at or below minus their line).

    Exchanges check it when proposed and accepted, before the minutes are known, so that nobody serves
    a neighbour who cannot pay; confirmation checks the real amount (`check_limits`)."""
    account = Account.objects.filter(id=member_account_id(member_id)).values("balance", "credit_limit").get()
    if account["balance"] + account["credit_limit"] <= 0:
        raise LedgerError(
            LedgerErrorCode.INSUFFICIENT_BALANCE,
            _(
                "Not enough hours to pay for a service: earn hours first, or ask a community worker for a credit line."
            ),
        )


def member_account_ids(member_ids: list[int]) -> dict[int, int]:
    """{member id: account id}, opening the accounts that do not exist yet (members app owns approval)."""
    found = account_ids_of_members(member_ids)
    missing = [m for m in member_ids if m not in found]
    if missing:
        limit = default_credit_limit()
        Account.objects.bulk_create(
            [Account(kind=Account.Kind.MEMBER, member_id=m, credit_limit=limit) for m in missing],
            ignore_conflicts=True,
        )
        found = account_ids_of_members(member_ids)
    return found


def account_ids_of_members(member_ids: list[int]) -> dict[int, int]:
    # One plain statement: every confirmation runs it, and building the ORM query cost three times the
    # statement's own client time (benchmarks/ledger_throughput.py, 0.34 vs 0.12 ms of CPU).
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT member_id, id FROM {ACCOUNT} WHERE member_id = ANY(%s)",  # noqa: S608
            [list(member_ids)],
        )
        return dict(cursor.fetchall())


def member_account_id(member_id: int) -> int:
    return member_account_ids([member_id])[member_id]


def account_of_member(member_id: int) -> Account | None:
    """The member's account, or None before their first movement (accounts open then). One plain statement:
    every /me/ page reads it, and the ORM's query cost more to build than the statement (issue 12)."""
    return row_by(Account, "member_id", member_id)


def account_for_member(member_id: int) -> Account:
    load_active_member(member_id)
    return Account.objects.get(id=member_account_id(member_id))


def transfers_of_account(account_id: int) -> QuerySet[Transfer]:
    """The account's history, newest first (the API paginates this queryset)."""
    from django.db.models import Q

    return (
        Transfer.objects.filter(Q(debit_id=account_id) | Q(credit_id=account_id))
        .select_related("debit", "credit")
        .order_by("-created_at", "-id")
    )


# ---------------------------------------------------------------------------------------------
# Movements


@atomic_with_retries
def do_transfer(
    *,
    idempotency_key: str,
    debit_account_id: int,
    credit_account_id: int,
    amount: int,
    kind: str,
    recorded_by_id: int | None = None,
    memo: str = "",
) -> Transfer:
    """One transfer between two accounts; the building block the tests and benchmarks drive directly."""
    posting = Posting(idempotency_key, debit_account_id, credit_account_id, amount, kind, memo)
    return post_transfers([posting], recorded_by_id=recorded_by_id)[0]


def transfer_result(transfer: Transfer) -> Result:
    return {"transfer": str(transfer.id)}


def replayed_transfer(result: Result) -> Transfer:
    return Transfer.objects.get(id=result["transfer"])


@atomic_with_retries
def do_adjust_balance(
    *, actor_id: int, member_id: int, amount: int, reason: str, idempotency_key: str
) -> Transfer:
    """A community admin's correction: a transfer against `community_pool`, never an edit (issue 4)."""

    def adjust() -> Transfer:
        actor = load_active_member(actor_id, field="actor")
        require_permission(actor, CommunityPermission.ADJUST_BALANCES)
        if not reason.strip():
            raise LedgerError(
                LedgerErrorCode.REASON_REQUIRED, _("Give the reason for the adjustment."), field="reason"
            )
        check_text(reason.strip(), field="reason", max_length=Transfer._meta.get_field("memo").max_length)
        if isinstance(amount, bool) or not isinstance(amount, int) or amount == 0:
            raise LedgerError(
                LedgerErrorCode.AMOUNT_INVALID,
                _("The adjustment must be a non-zero number of minutes."),
                field="amount",
            )
        load_active_member(member_id)
        pool, account = community_pool().id, member_account_id(member_id)
        debit, credit = (pool, account) if amount > 0 else (account, pool)
        posting = Posting(
            idempotency_key, debit, credit, abs(amount), Transfer.Kind.ADJUSTMENT, reason.strip()
        )
        transfer = post_transfers([posting], recorded_by_id=actor.id)[0]
        record_audit(
            actor=actor,
            action=Action.BALANCE_ADJUSTED,
            subject=transfer,
            after={"member_id": member_id, "minutes": amount, "reason": reason.strip()},
            once=True,
        )
        return transfer

    check_text(reason, field="reason")
    check_model_texts(Transfer, idempotency_key=idempotency_key)
    operation = Operation(
        "adjust_balance", f"member:{member_id}", {"actor": actor_id, "amount": amount, "reason": reason}
    )
    return run_once(idempotency_key, operation, adjust, result_of=transfer_result, replay=replayed_transfer)


def transfer_uuid(value: object) -> UUID | None:
    """A client's transfer id; None, which names no transfer, when it is not a UUID (never a 500)."""
    try:
        return UUID(str(value))
    except ValueError:
        return None


@atomic_with_retries
def do_reverse_transfer(*, actor_id: int, transfer_id: object, reason: str, idempotency_key: str) -> Transfer:
    """Undo a mistaken transfer with its mirror image; at most once (also a unique constraint)."""

    def reverse() -> Transfer:
        actor = load_active_member(actor_id, field="actor")
        require_permission(actor, CommunityPermission.REVERSE_TRANSFERS)
        original = Transfer.objects.filter(id=uuid).first() if uuid is not None else None
        if original is None:
            raise LedgerError(LedgerErrorCode.TRANSFER_NOT_FOUND, _("No such transfer."), field="transferId")
        if original.kind == Transfer.Kind.REVERSAL:
            raise LedgerError(
                LedgerErrorCode.CANNOT_REVERSE_REVERSAL, _("A reversal cannot itself be reversed.")
            )
        if not reason.strip():
            raise LedgerError(
                LedgerErrorCode.REASON_REQUIRED, _("Give the reason for the reversal."), field="reason"
            )
        check_text(reason.strip(), field="reason", max_length=Transfer._meta.get_field("memo").max_length)
        posting = Posting(
            idempotency_key,
            debit_id=original.credit_id,
            credit_id=original.debit_id,
            amount=original.amount,
            kind=Transfer.Kind.REVERSAL,
            memo=reason.strip(),
            reverses_id=original.id,
        )
        reversal = post_transfers([posting], recorded_by_id=actor.id)[0]
        record_audit(
            actor=actor,
            action=Action.TRANSFER_REVERSED,
            subject=original,
            after={"reversal_id": reversal.id, "reason": reason.strip()},
            once=True,
        )
        return reversal

    # Parsed before the key is stored: a transfer id that is not a UUID names no transfer (never a 500).
    uuid = transfer_uuid(transfer_id)
    check_text(reason, field="reason")
    check_model_texts(Transfer, idempotency_key=idempotency_key)
    operation = Operation("reverse_transfer", f"transfer:{uuid}", {"actor": actor_id, "reason": reason})
    return run_once(idempotency_key, operation, reverse, result_of=transfer_result, replay=replayed_transfer)


@transaction.atomic
def do_set_credit_limit(*, actor_id: int, member_id: int, minutes: int | None) -> Account:
    """A member's own credit limit, or back to the community default with None."""
    actor = load_active_member(actor_id, field="actor")
    require_permission(actor, CommunityPermission.SET_CREDIT_LIMITS)
    load_active_member(member_id)
    if minutes is not None and (isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 0):
        raise LedgerError(
            LedgerErrorCode.CREDIT_LIMIT_INVALID,
            _("A credit limit is zero or more minutes."),
            field="minutes",
        )
    locked = lock_accounts({member_account_id(member_id)})
    account = next(iter(locked.values()))
    limit = default_credit_limit() if minutes is None else minutes
    if account.balance < -limit:
        raise LedgerError(
            LedgerErrorCode.CREDIT_LIMIT_INVALID,
            _("The member already owes more than this limit."),
            field="minutes",
        )
    before = snapshot(account, ["credit_limit", "credit_limit_overridden"])
    account.credit_limit, account.credit_limit_overridden = limit, minutes is not None
    account.save(update_fields=["credit_limit", "credit_limit_overridden"])
    record_audit(
        actor=actor,
        action=Action.CREDIT_LIMIT_SET,
        subject=account,
        before=before,
        after=snapshot(account, ["credit_limit", "credit_limit_overridden"]),
    )
    return account


@transaction.atomic
def do_set_default_credit_limit(*, actor_id: int, minutes: int) -> int:
    """The community default, copied onto every account without an override. Returns how many changed."""
    actor = load_active_member(actor_id, field="actor")
    require_permission(actor, CommunityPermission.SET_DEFAULT_CREDIT_LIMIT)
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 0:
        raise LedgerError(
            LedgerErrorCode.CREDIT_LIMIT_INVALID,
            _("A credit limit is zero or more minutes."),
            field="minutes",
        )
    settings = CommunitySettings.objects.select_for_update().get(id=1)
    accounts = Account.objects.filter(kind=Account.Kind.MEMBER, credit_limit_overridden=False)
    if accounts.filter(balance__lt=-minutes).exists():
        raise LedgerError(
            LedgerErrorCode.CREDIT_LIMIT_INVALID,
            _("Some members already owe more than this limit."),
            field="minutes",
        )
    before = {"default_credit_limit_minutes": settings.default_credit_limit_minutes}
    settings.default_credit_limit_minutes = minutes
    settings.save(update_fields=["default_credit_limit_minutes"])
    changed = accounts.update(credit_limit=minutes)
    record_audit(
        actor=actor,
        action=Action.DEFAULT_CREDIT_LIMIT_SET,
        subject=settings,
        before=before,
        after={"default_credit_limit_minutes": minutes, "accounts_changed": changed},
    )
    return changed
