"""The pure checks of a sitting's plan: site names compared as a candidate reads them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.exam.errors import DuplicateSiteName
from domain.exam.sittings import SitePlan, SittingPlan, check_sitting_plan, site_name, site_name_key
from domain.exam.vocabulary import ExamLevel


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param("x", "X", id="case"),
        pytest.param("楚雄一中A区", " 楚雄 一中 A区 ", id="spaces"),
        pytest.param("楚雄一中Ａ区", "楚雄一中a区", id="full-width letters"),
        pytest.param("第１考点", "第1考点", id="full-width digits"),
    ],
)
def test_site_names_that_read_alike_are_one_name(first: str, second: str) -> None:
    assert site_name_key(first) == site_name_key(second)


def test_different_site_names_stay_different() -> None:
    assert site_name_key("楚雄一中A区") != site_name_key("楚雄一中B区")


def test_a_site_name_is_stored_nfkc_with_spaces_collapsed() -> None:
    assert site_name("  楚雄　一中  Ａ区 ") == "楚雄 一中 A区"


def plan(*names: str) -> SittingPlan:
    return SittingPlan(
        year=2027,
        exam_date=date(2027, 5, 22),
        registration_opens_on=date(2027, 3, 1),
        registration_closes_on=date(2027, 3, 31),
        levels=(ExamLevel.ASSISTANT,),
        sites=tuple(SitePlan(name, "532301", 10) for name in names),
        fee_per_subject=Decimal(60),
    )


def test_a_plan_with_two_sites_of_one_name_points_at_the_second() -> None:
    with pytest.raises(DuplicateSiteName) as refused:
        check_sitting_plan(plan("一中", "二中", " 一 中 "))
    assert refused.value.field_path == ("sites", "2", "name")
    assert check_sitting_plan(plan("一中", "二中")) == (6000, 600)
