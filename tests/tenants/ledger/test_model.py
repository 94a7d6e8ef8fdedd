"""Model-based test (LEDGER.md): a Hypothesis state machine drives the real services; a plain dict of
balances is the model, and the invariants are checked after every step."""

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from sharepool.tenants.ledger.errors import LedgerError, LedgerErrorCode
from sharepool.tenants.ledger.models import Account, Transfer
from sharepool.tenants.ledger.services import (
    community_pool,
    default_credit_limit,
    do_adjust_balance,
    do_reverse_transfer,
    do_set_credit_limit,
    do_transfer,
    member_account_ids,
)
from sharepool.tenants.ledger.verify import violations_in_current_schema
from tests.tenants.cast import add_member

MEMBERS = 4


@pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")
def test_the_ledger_behaves_like_its_model(world):
    admin, worker = world.cast.admin, world.cast.worker
    pool = community_pool().id

    class LedgerMachine(RuleBasedStateMachine):
        @initialize()
        def open_accounts(self):
            # Fresh members per example: the model starts from zero balances and the community's default
            # line (5 hours).
            self.members = [add_member(f"模型{i}") for i in range(MEMBERS)]
            ids = member_account_ids([m.id for m in self.members])
            self.accounts = [ids[m.id] for m in self.members]
            self.model = dict.fromkeys(self.accounts, 0)
            self.limits = dict.fromkeys(self.accounts, default_credit_limit())
            self.posted: dict[
                str, tuple[int, int, int, str]
            ] = {}  # key -> (debit, credit, amount, transfer id)
            self.reversed: set[str] = set()
            self.keys = 0
            self.pool_before = Account.objects.get(id=pool).balance
            self.model_pool = 0
            self.transfers_before = Transfer.objects.count()
            self.successes = 0

        def new_key(self) -> str:
            self.keys += 1
            return f"model:{self.members[0].id}:{self.keys}"

        def move(self, debit, credit, amount):
            self.successes += 1
            if debit == pool:
                self.model_pool -= amount
            else:
                self.model[debit] -= amount
            if credit == pool:
                self.model_pool += amount
            else:
                self.model[credit] += amount

        @rule(member=st.integers(0, MEMBERS - 1), amount=st.integers(1, 300))
        def award(self, member, amount):
            key, account = self.new_key(), self.accounts[member]
            transfer = do_transfer(
                idempotency_key=key,
                debit_account_id=pool,
                credit_account_id=account,
                amount=amount,
                kind="welcome",
            )
            self.move(pool, account, amount)
            self.posted[key] = (pool, account, amount, str(transfer.id))

        @rule(
            payer=st.integers(0, MEMBERS - 1), payee=st.integers(0, MEMBERS - 1), amount=st.integers(1, 400)
        )
        def pay(self, payer, payee, amount):
            debit, credit, key = self.accounts[payer], self.accounts[payee], self.new_key()
            try:
                transfer = do_transfer(
                    idempotency_key=key,
                    debit_account_id=debit,
                    credit_account_id=credit,
                    amount=amount,
                    kind="exchange",
                )
            except LedgerError as error:
                expected = (
                    LedgerErrorCode.SAME_ACCOUNT if debit == credit else LedgerErrorCode.INSUFFICIENT_BALANCE
                )
                assert error.code == expected
                assert debit == credit or self.model[debit] - amount < -self.limits[debit]
                return
            assert debit != credit and self.model[debit] - amount >= -self.limits[debit]
            self.move(debit, credit, amount)
            self.posted[key] = (debit, credit, amount, str(transfer.id))

        @rule(data=st.data())
        def replay(self, data):
            if not self.posted:
                return
            key = data.draw(st.sampled_from(sorted(self.posted)))
            debit, credit, amount, transfer_id = self.posted[key]
            kind = "welcome" if debit == pool else "exchange"
            same = do_transfer(
                idempotency_key=key,
                debit_account_id=debit,
                credit_account_id=credit,
                amount=amount,
                kind=kind,
            )
            assert str(same.id) == transfer_id
            with pytest.raises(LedgerError) as refused:
                do_transfer(
                    idempotency_key=key,
                    debit_account_id=debit,
                    credit_account_id=credit,
                    amount=amount + 1,
                    kind=kind,
                )
            assert refused.value.code == LedgerErrorCode.IDEMPOTENCY_KEY_REUSED

        @rule(data=st.data())
        def reverse(self, data):
            candidates = sorted(k for k in self.posted if not k.startswith("rev"))
            if not candidates:
                return
            key = data.draw(st.sampled_from(candidates))
            debit, credit, amount, transfer_id = self.posted[key]
            if key in self.reversed:
                # The same reversal replayed is the first one; a new attempt is refused.
                replayed = do_reverse_transfer(
                    actor_id=worker.id,
                    transfer_id=transfer_id,
                    reason="mistake",
                    idempotency_key=f"rev:{key}",
                )
                assert str(replayed.reverses_id) == transfer_id
                with pytest.raises(LedgerError) as refused:
                    do_reverse_transfer(
                        actor_id=worker.id,
                        transfer_id=transfer_id,
                        reason="again",
                        idempotency_key=f"rev2:{key}",
                    )
                assert refused.value.code == LedgerErrorCode.ALREADY_REVERSED
                return
            try:
                do_reverse_transfer(
                    actor_id=worker.id,
                    transfer_id=transfer_id,
                    reason="mistake",
                    idempotency_key=f"rev:{key}",
                )
            except LedgerError as error:
                assert error.code == LedgerErrorCode.INSUFFICIENT_BALANCE
                assert self.model[credit] - amount < -self.limits[credit]
                return
            self.reversed.add(key)
            self.move(credit, debit, amount)

        @rule(member=st.integers(0, MEMBERS - 1), amount=st.integers(-200, 200).filter(bool))
        def adjust(self, member, amount):
            account = self.accounts[member]
            key = self.new_key()
            try:
                do_adjust_balance(
                    actor_id=admin.id,
                    member_id=self.members[member].id,
                    amount=amount,
                    reason="补录",
                    idempotency_key=key,
                )
            except LedgerError as error:
                assert error.code == LedgerErrorCode.INSUFFICIENT_BALANCE
                assert self.model[account] + amount < -self.limits[account]
                return
            if amount > 0:
                self.move(pool, account, amount)
            else:
                self.move(account, pool, -amount)

        @rule(member=st.integers(0, MEMBERS - 1), limit=st.integers(0, 300))
        def set_limit(self, member, limit):
            account = self.accounts[member]
            try:
                do_set_credit_limit(actor_id=worker.id, member_id=self.members[member].id, minutes=limit)
            except LedgerError as error:
                assert error.code == LedgerErrorCode.CREDIT_LIMIT_INVALID
                assert self.model[account] < -limit
                return
            self.limits[account] = limit

        @invariant()
        def balances_match_the_model(self):
            assert (
                dict(Account.objects.filter(id__in=self.accounts).values_list("id", "balance")) == self.model
            )
            assert Account.objects.get(id=pool).balance == self.pool_before + self.model_pool

        @invariant()
        def ledger_invariants_hold(self):
            assert violations_in_current_schema("beizhan") == []

        @invariant()
        def one_transfer_per_success(self):
            assert Transfer.objects.count() == self.transfers_before + self.successes

    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(
            max_examples=15,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
    assert world.minle_untouched()
