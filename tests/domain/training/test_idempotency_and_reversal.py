"""Pure rules of retries and corrections: idempotency keys and reversals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import IdempotencyKeyReused, InvalidInput
from domain.idempotency import MAX_KEY_LENGTH, check_key, check_same_request, request_digest
from domain.training.errors import AlreadyReversed
from domain.training.ledger import check_reversible, reversing_tenths
from domain.training.vocabulary import EntrySource


def test_the_same_request_has_the_same_digest_whatever_the_order_of_its_fields() -> None:
    assert request_digest("completion", enrollment=1, hours=Decimal("8")) == request_digest(
        "completion", hours=Decimal("8"), enrollment=1
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


@pytest.mark.parametrize(
    "source", [EntrySource.COMPLETION, EntrySource.ROSTER_IMPORT, EntrySource.ADJUSTMENT]
)
def test_a_credit_not_yet_reversed_can_be_reversed(source: EntrySource) -> None:
    check_reversible(source, already_reversed=False)


@pytest.mark.parametrize("source", list(EntrySource))
def test_an_entry_already_reversed_is_not_reversed_again(source: EntrySource) -> None:
    with pytest.raises(AlreadyReversed):
        check_reversible(source, already_reversed=True)


def test_a_reversal_is_not_itself_reversed() -> None:
    with pytest.raises(AlreadyReversed, match="冲正记录本身"):
        check_reversible(EntrySource.REVERSAL, already_reversed=False)


@given(st.integers(min_value=-10_000_000, max_value=10_000_000))
def test_an_entry_and_its_reversal_sum_to_nothing(tenths: int) -> None:
    assert tenths + reversing_tenths(tenths) == 0
