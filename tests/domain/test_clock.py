"""The one clock: `SWTALENT_TODAY` pins both `today()` and `now()`; `travel_to` moves it for one block
of code and the tasks it starts, over the pin."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest

from domain import clock


@pytest.fixture(autouse=True)
def unpinned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SWTALENT_TODAY", raising=False)


def test_the_real_clock_is_utc_and_its_date_is_shanghais() -> None:
    now = clock.now()
    assert now.tzinfo is UTC
    assert abs(now - datetime.now(UTC)) < timedelta(seconds=5)
    assert clock.today() == datetime.now(clock.SHANGHAI).date()


def test_a_pinned_date_pins_now_to_that_date_at_the_current_time_of_day(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", "2026-03-20")
    real = datetime.now(clock.SHANGHAI)
    now = clock.now()
    assert now.tzinfo is UTC
    assert now.astimezone(clock.SHANGHAI).date() == date(2026, 3, 20) == clock.today()
    expected = datetime.combine(date(2026, 3, 20), real.timetz())
    assert timedelta(0) <= now - expected < timedelta(seconds=5)


def test_travel_to_a_date_holds_that_date_over_the_pin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", "2026-03-20")
    with clock.travel_to(date(2026, 12, 21)) as moment:
        assert moment.astimezone(clock.SHANGHAI).date() == date(2026, 12, 21)
        assert clock.today() == date(2026, 12, 21)
        assert clock.now().astimezone(clock.SHANGHAI).date() == date(2026, 12, 21)
    assert clock.today() == date(2026, 3, 20)


def test_travel_to_an_instant_starts_there_and_keeps_running() -> None:
    start = datetime(2030, 1, 31, 15, 59, 59, tzinfo=UTC)
    with clock.travel_to(start) as moment:
        assert timedelta(0) <= moment - start < timedelta(seconds=5)
        later = clock.now()
        assert later >= moment
        # 15:59:59 UTC is 23:59:59 in Shanghai: the business date is Shanghai's.
        assert clock.today() in (date(2030, 1, 31), date(2030, 2, 1))
        assert clock.today() == later.astimezone(clock.SHANGHAI).date()


def test_travels_nest_and_each_restores_the_clock_outside_it_even_on_an_error() -> None:
    def fail_in_2028() -> None:
        with clock.travel_to(date(2028, 1, 1)):
            assert clock.today() == date(2028, 1, 1)
            raise RuntimeError

    with clock.travel_to(date(2027, 1, 1)):
        with pytest.raises(RuntimeError):
            fail_in_2028()
        assert clock.today() == date(2027, 1, 1)
        back = clock.now() - timedelta(days=30)
        with clock.travel_to(back):
            assert clock.today() == date(2026, 12, 2)
        assert clock.today() == date(2027, 1, 1)
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(seconds=5)


def test_a_naive_instant_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        clock.travel_to(datetime(2026, 1, 1, 9, 0))  # noqa: DTZ001 - the point of the test


def test_one_travel_cannot_be_entered_twice() -> None:
    travel = clock.travel_to(date(2027, 1, 1))
    with travel, pytest.raises(RuntimeError), travel:
        pass
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(seconds=5)


async def test_a_travel_moves_the_tasks_it_starts_and_no_task_running_beside_it() -> None:
    inside = asyncio.Event()
    leave = asyncio.Event()
    seen: dict[str, date] = {}

    async def today() -> date:
        return clock.today()

    async def traveller() -> None:
        with clock.travel_to(date(2031, 5, 1)):
            seen["child"] = await asyncio.create_task(today())
            inside.set()
            await leave.wait()
            seen["traveller"] = clock.today()

    async def bystander() -> None:
        await inside.wait()
        seen["bystander"] = clock.today()
        leave.set()

    await asyncio.gather(traveller(), bystander())
    assert seen["child"] == seen["traveller"] == date(2031, 5, 1)
    assert seen["bystander"] == datetime.now(clock.SHANGHAI).date()
    assert clock.today() == datetime.now(clock.SHANGHAI).date()
