"""Retries (domain/idempotency.py): request digests, idempotency keys, and the one sequence every
idempotent write follows, shown here with an in-memory store (the real tables are exercised by the
concurrency tests of completions, adjustments and exam registration)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from tortoise.exceptions import IntegrityError

from domain.errors import IdempotencyKeyReused, InvalidInput
from domain.idempotency import (
    MAX_KEY_LENGTH,
    Recorded,
    check_key,
    check_same_request,
    idempotent,
    request_digest,
)
from domain.training.errors import AlreadyReversed


def test_the_same_request_has_the_same_digest_whatever_the_order_of_its_fields() -> None:
    assert request_digest("completion", enrollment=1, hours=Decimal("8")) == request_digest(
        "completion", hours=Decimal("8"), enrollment=1
    )


@pytest.mark.parametrize("written", ["120", "120.0", "120.00", "1.2E+2"])
def test_one_amount_written_several_ways_is_one_request(written: str) -> None:
    # A clerk retrying a fee as "120.00" after "120" resends the same request, not a different one.
    assert request_digest("exam-fee", amount=Decimal(written)) == request_digest(
        "exam-fee", amount=Decimal(120)
    )
    assert request_digest("exam-fee", amount=Decimal(written)) != request_digest(
        "exam-fee", amount=Decimal("120.5")
    )


@pytest.mark.parametrize(
    "other",
    [
        request_digest("completion", enrollment=1, hours=Decimal("8.5")),
        request_digest("completion", enrollment=2, hours=Decimal("8")),
        request_digest("adjustment", enrollment=1, hours=Decimal("8")),
        request_digest("completion", enrollment=1, hours=None),
    ],
)
def test_a_different_request_has_a_different_digest(other: str) -> None:
    assert request_digest("completion", enrollment=1, hours=Decimal("8")) != other


def test_a_retry_of_the_same_request_is_accepted() -> None:
    digest = request_digest("reversal", entry=7, reason="签到有误")
    check_same_request(digest, digest)


@pytest.mark.parametrize("stored", [request_digest("reversal", entry=8, reason="签到有误"), None])
def test_a_key_reused_for_another_request_is_refused(stored: str | None) -> None:
    with pytest.raises(IdempotencyKeyReused):
        check_same_request(stored, request_digest("reversal", entry=7, reason="签到有误"))


@pytest.mark.parametrize("key", ["", "   ", "k" * (MAX_KEY_LENGTH + 1)])
def test_an_empty_or_overlong_key_is_refused(key: str) -> None:
    with pytest.raises(InvalidInput):
        check_key(key)


def test_a_key_is_trimmed() -> None:
    assert check_key("  retry-1 ") == "retry-1"


# --- the one sequence every idempotent write follows (`idempotent`) -------------------------------


class Store:
    """A key's first result as a table would keep it, and the order the steps ran in."""

    def __init__(self) -> None:
        self.rows: dict[str, Recorded[str]] = {}
        self.steps: list[str] = []

    async def find(self, key: str) -> Recorded[str] | None:
        self.steps.append("find")
        return self.rows.get(key)

    async def scope(self) -> str:
        self.steps.append("scope")
        return "enrolment 7"


async def test_a_first_request_checks_scope_then_writes() -> None:
    store = Store()

    async def write(target: str) -> str:
        store.steps.append("write")
        store.rows["k"] = Recorded(f"credit for {target}", "d1")
        return store.rows["k"].result

    assert (
        await idempotent("k", "d1", find=store.find, scope=store.scope, write=write)
        == "credit for enrolment 7"
    )
    assert store.steps == ["find", "scope", "write"]


async def test_a_retry_is_scope_checked_and_answered_with_the_first_result_without_writing() -> None:
    store = Store()
    store.rows["k"] = Recorded("first", "d1")

    async def write(target: str) -> str:
        raise AssertionError("a retry must not write")

    assert await idempotent("k", "d1", find=store.find, scope=store.scope, write=write) == "first"
    assert store.steps == ["find", "scope"]


async def test_a_retry_outside_the_callers_scope_is_refused_as_the_scope_check_says() -> None:
    store = Store()
    store.rows["k"] = Recorded("another provider's credit", "d1")

    async def out_of_scope() -> str:
        raise InvalidInput("报名记录不存在", field="enrollmentId")

    async def write(target: str) -> str:
        raise AssertionError("never reached")

    with pytest.raises(InvalidInput):
        await idempotent("k", "d1", find=store.find, scope=out_of_scope, write=write)


async def test_a_key_reused_for_another_request_is_refused_before_anything_else() -> None:
    store = Store()
    store.rows["k"] = Recorded("first", "d1")

    async def write(target: str) -> str:
        raise AssertionError("never reached")

    with pytest.raises(IdempotencyKeyReused):
        await idempotent("k", "d2", find=store.find, scope=store.scope, write=write)
    assert store.steps == ["find"]


async def test_a_refusal_caused_by_a_racing_twin_is_answered_with_the_twins_result() -> None:
    store = Store()

    async def write_after_twin(target: str) -> str:
        # The twin with the same key committed between the first look-up and this write.
        store.rows["k"] = Recorded("twin's credit", "d1")
        raise AlreadyReversed("该记录已冲正")

    result = await idempotent("k", "d1", find=store.find, scope=store.scope, write=write_after_twin)
    assert result == "twin's credit"
    assert store.steps == ["find", "scope", "find"]


async def test_a_refusal_no_twin_caused_stands() -> None:
    store = Store()

    async def write(target: str) -> str:
        raise AlreadyReversed("该记录已冲正")

    with pytest.raises(AlreadyReversed):
        await idempotent("k", "d1", find=store.find, scope=store.scope, write=write)


async def test_a_collision_not_on_the_key_becomes_the_callers_refusal() -> None:
    store = Store()

    async def write(target: str) -> str:
        raise IntegrityError("UNIQUE constraint failed: hour_entry.enrollment_id")

    with pytest.raises(AlreadyReversed):
        await idempotent(
            "k",
            "d1",
            find=store.find,
            scope=store.scope,
            write=write,
            conflict=lambda: AlreadyReversed("该记录已冲正"),
        )
