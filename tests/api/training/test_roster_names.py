"""A roster names people as the provider's office typed them (issue 8 §1): a Yi name with a bullet or a
katakana dot for its middle dot, a Han name with a full-width space, is still the registered person."""

from __future__ import annotations

from datetime import date

import pytest

from domain import clock
from domain.people.id_card import make_id_card_number
from domain.training.models import HourEntry
from tests.api.conftest import Api
from tests.api.training.fixtures import Training, before_a_course_held, enroll, post_and_publish, training
from tests.api.training.test_roster_import import upload
from tests.factories import PASSWORD, trainee

__all__ = ["training"]

AYI_CARD = make_id_card_number("532301", date(1988, 4, 9), 621)


async def course_with_ayi_and_li(api: Api, training: Training) -> str:
    """A course held 20 days ago that 阿依·木呷 and 李娜 enrolled in."""
    await trainee("a.yi", name="阿依·木呷", id_card_number=AYI_CARD)
    ayi = await api.login("a.yi", PASSWORD)
    with before_a_course_held(days_ago=20):
        course_id = await post_and_publish(api, training.provider)
        for token in (ayi, training.li):
            await enroll(api, token, course_id)
    return course_id


def utf8_csv(rows: list[str]) -> bytes:
    return ("\ufeff身份证号,姓名,学时,完成日期\r\n" + "\r\n".join(rows) + "\r\n").encode()


@pytest.mark.parametrize("ayi", ["阿依•木呷", "阿依・木呷", "阿依．木呷", " 阿依 · 木呷 "])
async def test_a_roster_name_spelled_another_way_is_the_registered_person(
    api: Api, training: Training, ayi: str
) -> None:
    course_id = await course_with_ayi_and_li(api, training)
    today = clock.today().isoformat()
    content = utf8_csv([f"{AYI_CARD},{ayi},16,{today}", f"{training.li_id_card},李　娜,12,{today}"])
    report = (await upload(api, training.provider, course_id, content, "结业名单.csv"))["report"]
    assert report == {"rowCount": 2, "credited": 2, "skipped": 0, "dryRun": False, "errors": []}
    assert sorted(e.tenths for e in await HourEntry.all()) == [120, 160]


async def test_a_different_name_is_still_refused_and_the_registered_one_shown_masked(
    api: Api, training: Training
) -> None:
    course_id = await course_with_ayi_and_li(api, training)
    content = utf8_csv([f"{AYI_CARD},阿依·木,16,{clock.today().isoformat()}"])
    report = (await upload(api, training.provider, course_id, content, "结业名单.csv"))["report"]
    assert report["errors"] == [
        {"row": 2, "column": "姓名", "message": "姓名与身份证号不符（报名时为「阿****」）"}
    ]
    assert await HourEntry.all().count() == 0
