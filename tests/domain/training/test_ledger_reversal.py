"""Pure rules of corrections (domain/training/ledger.py): what may be reversed, and how."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.training.errors import AlreadyReversed
from domain.training.ledger import check_reversible, reversing_tenths
from domain.training.vocabulary import EntrySource


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
