"""Every refusal the domain can raise carries a stable code, its input field and a Chinese message."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator
from datetime import date

import pytest

import domain
from domain.accounts.errors import TooManyAttempts
from domain.errors import DomainError, ErrorCode, InvalidId, InvalidInput, in_row
from domain.exam.errors import (
    DuplicateSiteName,
    ExamAlreadyHeld,
    ExamDatePassed,
    ExamNotYetHeld,
    ExamSiteFull,
    RegistrationStillOpen,
    SittingExists,
    SittingHasRegistrations,
    SittingLocked,
)
from domain.incentives.errors import BudgetBelowUsed, BudgetExceeded, PolicyOverlap
from domain.people.errors import UnknownCounty


def _import_every_errors_module() -> None:
    # Walk the package rather than list today's contexts, so a new context's errors are covered too.
    for module in pkgutil.walk_packages(domain.__path__, prefix="domain."):
        if module.name.rsplit(".", 1)[-1] == "errors":
            importlib.import_module(module.name)


def _subclasses(cls: type[DomainError]) -> Iterator[type[DomainError]]:
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


_import_every_errors_module()
ALL = sorted(
    {c for c in _subclasses(DomainError) if c.__module__.startswith("domain.")}, key=lambda c: c.__name__
)

# Refusals with their own `__init__` (a message built from the case, or InvalidId's required field): an example
# call and the exact message it must produce.
BUILT_FROM_ARGUMENTS: dict[str, tuple[DomainError, str]] = {
    "InvalidId": (
        InvalidId("personId"),
        "编号格式不正确或对象不存在",
    ),
    "UnknownCounty": (
        UnknownCounty("999999"),
        "县市代码「999999」不在楚雄州的县市之列",
    ),
    "TooManyAttempts": (
        TooManyAttempts(15),
        "登录失败次数过多，请 15 分钟后再试",
    ),
    "SittingExists": (
        SittingExists(2026),
        "2026 年的考试已设立",
    ),
    "ExamSiteFull": (
        ExamSiteFull("楚雄市第一中学"),
        "考点「楚雄市第一中学」名额已满",
    ),
    "ExamNotYetHeld": (
        ExamNotYetHeld(date(2027, 5, 22)),
        "考试日期为 2027-05-22，考试当天及以后才能录入成绩",
    ),
    "RegistrationStillOpen": (
        RegistrationStillOpen(date(2027, 3, 31)),
        "报名 2027-03-31 截止，截止后才能发放准考证",
    ),
    "SittingLocked": (
        SittingLocked(date(2027, 3, 1)),
        "报名已于 2027-03-01 开始，考试安排不能再修改",
    ),
    "SittingHasRegistrations": (
        SittingHasRegistrations(3),
        "已有 3 条报名记录，考试不能取消",
    ),
    "DuplicateSiteName": (
        DuplicateSiteName("楚雄市第一中学"),
        "考点名称「楚雄市第一中学」重复：同一次考试的考点须各有其名",
    ),
    "ExamDatePassed": (
        ExamDatePassed(date(2026, 11, 1)),
        "考试日期 2026-11-01 已过，不能设立或改到已过的日期",
    ),
    "ExamAlreadyHeld": (
        ExamAlreadyHeld(date(2027, 5, 22)),
        "考试已于 2027-05-22 举行，报名不能再审核或确认缴费",
    ),
    "PolicyOverlap": (
        PolicyOverlap(date(2027, 1, 1), None),
        "与已有政策版本（2027-01-01 至 长期）的有效期重叠：同一县、类别和级别每天只能有一个金额；"
        "请先为旧版本设定截止日期，或调整新版本的生效日期",
    ),
    "BudgetExceeded": (
        BudgetExceeded("楚雄市", 2027, 50000, 200000),
        "超出楚雄市 2027 年度预算：剩余 500.00 元，本次需 2000.00 元",
    ),
    "BudgetBelowUsed": (
        BudgetBelowUsed(123456),
        "预算额不能低于已承诺和已发放（扣除已追回）的 1234.56 元",
    ),
}

DECLARATIVE = [c for c in ALL if c.default_message is not None and c.__init__ is DomainError.__init__]
MESSAGE_AT_RAISE_SITE = [c for c in ALL if c.default_message is None and c.__init__ is DomainError.__init__]

CHINESE = re.compile(r"[\u4e00-\u9fff]")
INPUT_FIELD = re.compile(r"[a-z][A-Za-z]*")


def _check_declared(error: DomainError, cls: type[DomainError]) -> None:
    assert isinstance(error.code, ErrorCode)
    assert error.code is cls.code
    assert error.field_name == cls.field
    assert cls.field is None or INPUT_FIELD.fullmatch(cls.field), "a field is a GraphQL input name"


def test_the_walk_finds_every_context_s_errors() -> None:
    modules = {c.__module__ for c in ALL}

    assert {
        "domain.errors",
        "domain.people.errors",
        "domain.accounts.errors",
        "domain.training.errors",
        "domain.exam.errors",
        "domain.incentives.errors",
        "domain.talent.errors",
    } <= modules


def test_every_refusal_is_declarative_built_from_arguments_or_given_its_message() -> None:
    overriding = {c.__name__ for c in ALL if c.__init__ is not DomainError.__init__}

    assert overriding == set(BUILT_FROM_ARGUMENTS), (
        "a new __init__ should build its message from its arguments"
    )
    assert len(DECLARATIVE) + len(MESSAGE_AT_RAISE_SITE) + len(BUILT_FROM_ARGUMENTS) == len(ALL)


@pytest.mark.parametrize("cls", DECLARATIVE, ids=lambda c: c.__name__)
def test_a_refusal_with_fixed_text_is_raised_with_no_arguments(cls: type[DomainError]) -> None:
    with pytest.raises(cls) as raised:
        raise cls()

    error = raised.value
    assert error.message == cls.default_message
    assert str(error) == error.message
    assert CHINESE.search(error.message)
    _check_declared(error, cls)


@pytest.mark.parametrize("cls", DECLARATIVE, ids=lambda c: c.__name__)
def test_a_raise_site_may_name_another_field_and_keeps_the_fixed_text(cls: type[DomainError]) -> None:
    error = cls(field="otherField")

    assert error.field_name == "otherField"
    assert error.message == cls.default_message


@pytest.mark.parametrize("cls", MESSAGE_AT_RAISE_SITE, ids=lambda c: c.__name__)
def test_a_refusal_without_fixed_text_needs_the_raise_site_s_message(cls: type[DomainError]) -> None:
    with pytest.raises(TypeError, match=cls.__name__):
        cls()

    error = cls("课程已开始，不能修改")
    assert error.message == "课程已开始，不能修改"
    _check_declared(error, cls)


@pytest.mark.parametrize("name", sorted(BUILT_FROM_ARGUMENTS))
def test_a_refusal_built_from_arguments_says_the_case(name: str) -> None:
    error, expected = BUILT_FROM_ARGUMENTS[name]

    assert type(error).__name__ == name
    assert error.message == expected
    assert CHINESE.search(error.message)
    assert error.code is type(error).code


def test_an_invalid_id_names_the_input_it_came_from() -> None:
    assert InvalidId("personId").field_name == "personId"


def test_a_refusal_names_its_field_as_a_path() -> None:
    assert InvalidId("personId").field_path == ("personId",)
    assert DomainError("不行").field_path == ()


def test_a_refusal_about_one_row_of_a_list_points_at_the_row_and_its_field() -> None:
    with pytest.raises(InvalidInput) as refused, in_row("results", 0):
        raise InvalidInput("第 1 条：成绩须在 0 到 100 分之间", field="score")
    assert refused.value.field_path == ("results", "0", "score")
    assert refused.value.field_name == "score"


def test_rows_of_a_list_inside_a_row_nest_and_a_refusal_without_a_field_points_at_the_row() -> None:
    with pytest.raises(InvalidInput) as refused, in_row("sites", 2), in_row("rooms", 1):
        raise InvalidInput("房间不可用")
    assert refused.value.field_path == ("sites", "2", "rooms", "1")


def test_only_refusals_are_given_a_row() -> None:
    with pytest.raises(KeyError), in_row("results", 0):
        raise KeyError("a bug stays a bug")
