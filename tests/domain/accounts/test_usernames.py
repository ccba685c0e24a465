"""The one form of a username, and how migration 0003 brings stored usernames into it."""

from __future__ import annotations

import importlib

import pytest

from domain.accounts.usernames import is_valid_username, normalize_username

migration = importlib.import_module("domain.accounts.migrations.0003_case_insensitive_usernames")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("li.na", "li.na"),
        ("Li.Na", "li.na"),
        ("  LI.NA\t", "li.na"),
        ("ｌｉ．ｎａ", "li.na"),  # a Chinese input method in full-width mode
        ("ＷＡＮＧ＿Ｑ２", "wang_q2"),
        ("\u212aelvin", "kelvin"),  # the Kelvin sign is a K
    ],
)
def test_a_username_is_stored_as_nfkc_casefolded_and_trimmed(typed: str, stored: str) -> None:
    assert normalize_username(typed) == stored
    assert normalize_username(stored) == stored


@pytest.mark.parametrize(
    ("username", "valid"),
    [("li.na", True), ("ab", False), ("a" * 50, True), ("a" * 51, False), ("li na", False), ("李娜", False)],
)
def test_a_username_is_3_to_50_letters_digits_and_marks(username: str, valid: bool) -> None:
    assert is_valid_username(username) is valid


def test_the_migration_lower_cases_usernames_and_renames_later_clashes() -> None:
    rows = [(1, "Li.Na"), (2, "wang"), (3, "LI.NA"), (4, "li.na"), (5, "Zhou")]
    assert migration.planned_usernames(rows) == {1: "li.na", 3: "li.na-3", 4: "li.na-4", 5: "zhou"}


def test_the_migration_keeps_renames_within_the_column() -> None:
    rows = [(1, "a" * 50), (12, "A" * 50)]
    assert migration.planned_usernames(rows) == {12: "a" * 47 + "-12"}
