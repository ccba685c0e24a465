"""A roster's hours cell holding a number the decimal context cannot hold is a refused row, not an
INTERNAL error (issue #8: `1e1000000` raised decimal.Overflow)."""

from __future__ import annotations

from domain.training.models import HourEntry
from tests.api.conftest import Api
from tests.api.training.fixtures import Training, training
from tests.api.training.test_roster_import import gbk_csv, roster_course, today, upload

__all__ = ["training"]


async def test_an_hours_cell_out_of_any_range_is_a_refused_row(api: Api, training: Training) -> None:
    course_id = await roster_course(api, training)
    for hours in ("1e1000000", "-1e1000000", "NaN", "1e-1000000"):
        content = gbk_csv([f"{training.li_id_card},李娜,{hours},{today()}"])
        report = (await upload(api, training.provider, course_id, content, "结业名单.csv"))["report"]
        assert [(e["row"], e["column"]) for e in report["errors"]] == [(2, "学时")], hours
    assert await HourEntry.all().count() == 0
