"""Opening and correcting a leading-talent round (DOMAIN.md §The 彝乡 leading-talent programme, step 1:
the call with its quota, eligibility, deadline and rubric), and reading rounds: the call is public.

A round's total quota and per-county quotas, window, eligibility criteria and rubric are data. Each
part left out takes the documented default (`domain.talent.vocabulary`). A round can be corrected only
until its application window opens; after that, it moves only along ROUND_MOVES.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, Final, TypeVar

from domain import clock, money
from domain.access import Actor
from domain.audit import service as audit
from domain.errors import DomainError, InvalidInput, OutOfScope, in_row
from domain.exam.vocabulary import ExamLevel
from domain.incentives.errors import InvalidAmount
from domain.names import free_text
from domain.paging import Page, keyset_page
from domain.people import service as people
from domain.people.errors import DatesOutOfOrder
from domain.talent.errors import (
    ApplicationWindowClosed,
    CountyWithoutPlaces,
    InvalidQuota,
    InvalidRubric,
    TalentRoundLocked,
    TalentRoundNotFound,
    WrongRoundStatus,
)
from domain.talent.models import TalentCountyQuota, TalentRound, TalentRubricItem
from domain.talent.vocabulary import (
    DEFAULT_CULTIVATION_YEARS,
    DEFAULT_MAX_AGE,
    DEFAULT_MIN_CERTIFICATE_LEVEL,
    DEFAULT_MIN_PRACTICE_YEARS,
    DEFAULT_MIN_YEARS_HELD,
    DEFAULT_RUBRIC,
    DEFAULT_TRAINING_REQUIREMENT_MET,
    DIMENSION_NAMES,
    RoundStatus,
    TalentDimension,
)
from domain.talent.workflow import ROUND_NAMES
from domain.transaction import write_transaction

MIN_YEAR: Final = 2021  # the seed's programme (楚人社发〔2021〕13号) starts in 2021
MAX_YEAR: Final = 2100
MAX_TITLE_LENGTH: Final = 100
MAX_QUOTA: Final = 1000
MIN_AGE: Final = 18
MAX_AGE: Final = 80
MAX_YEARS: Final = 50  # years held or in practice: more than a working life is a typing mistake
MAX_CULTIVATION_YEARS: Final = 10
MAX_RUBRIC_FIGURE: Final = Decimal("9999.99")  # the columns hold six digits, two of them decimals
CENT: Final = Decimal("0.01")


class Missing(Enum):
    """A part of the input left out (take the default, or keep what the round has), as against an
    explicit null (no such condition)."""

    MISSING = "MISSING"


MISSING: Final = Missing.MISSING
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class EligibilityInput:
    """Each criterion left MISSING takes its default (opening) or stays (correcting); an explicit None
    level or age means no such condition."""

    min_certificate_level: ExamLevel | Missing | None = MISSING
    min_years_held: int | Missing = MISSING
    min_practice_years: int | Missing = MISSING
    max_age: int | Missing | None = MISSING
    training_requirement_met: bool | Missing = MISSING


@dataclass(frozen=True, slots=True)
class RoundInput:
    """A round's call as given. Opening needs `year`, `title`, `quota`, `county_quotas` and the window;
    the rest takes the defaults of `domain.talent.vocabulary`. Correcting changes only what is given;
    `county_quotas` and `rubric`, when given, replace the round's whole list. `county_quotas` rows are
    (county code, places); `rubric` rows (dimension, weight, maximum score); `funding` is yuan per
    talent over the whole cultivation period."""

    year: int | None = None
    title: str | None = None
    quota: int | None = None
    county_quotas: Sequence[tuple[str, int]] | None = None
    application_opens_on: date | None = None
    application_closes_on: date | None = None
    eligibility: EligibilityInput = field(default_factory=EligibilityInput)
    rubric: Sequence[tuple[TalentDimension, Decimal, Decimal]] | None = None
    promote_next_on_upheld: bool | None = None
    cultivation_years: int | None = None
    funding: Decimal | None = None


def _given(value: T | Missing, current: T) -> T:
    return current if isinstance(value, Missing) else value


def _in_eligibility(error: DomainError) -> DomainError:
    error.field_path = ("eligibility", *error.field_path)
    return error


def _check_title(raw: str) -> str:
    title = free_text(raw)
    if not 0 < len(title) <= MAX_TITLE_LENGTH:
        raise InvalidInput(f"标题不能为空，且不超过 {MAX_TITLE_LENGTH} 个字", field="title")
    return title


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidInput(f"年度须在 {MIN_YEAR} 至 {MAX_YEAR} 之间", field="year")


def _check_quota(quota: int) -> None:
    if not 1 <= quota <= MAX_QUOTA:
        raise InvalidQuota(f"总名额须在 1 至 {MAX_QUOTA} 之间")


async def _check_county_quotas(rows: Sequence[tuple[str, int]], total: int) -> dict[str, int]:
    quotas: dict[str, int] = {}
    for index, (county_code, quota) in enumerate(rows):
        with in_row("countyQuotas", index):
            county = await people.check_county(county_code)
            if county.code in quotas:
                raise InvalidQuota(f"{county.name}的名额重复填写：每个县市只填一次", field="countyCode")
            if not 0 <= quota <= total:
                raise InvalidQuota(f"{county.name}的名额须在 0 至总名额 {total} 之间", field="quota")
            quotas[county.code] = quota
    # A county not listed has no places: written as 0, so the round shows every county's quota and the
    # county review and the ranking read one rule (a county's row) for every county.
    for summary in await people.list_counties():
        quotas.setdefault(summary.code, 0)
    if not any(quotas.values()):
        raise InvalidQuota("至少须有一个县市有名额：各县市名额都为 0 时无人能申报", field="countyQuotas")
    return quotas


def _check_window(opens_on: date, closes_on: date) -> None:
    if closes_on < opens_on:
        raise DatesOutOfOrder(
            f"申报截止日期（{closes_on}）不能早于申报开始日期（{opens_on}）", field="applicationClosesOn"
        )
    today = clock.today()
    if opens_on < today:
        raise DatesOutOfOrder(
            f"申报开始日期（{opens_on}）不能早于今天（{today}）：已经过去的日子里无人能申报",
            field="applicationOpensOn",
        )
    if closes_on < today:
        raise DatesOutOfOrder(
            f"申报截止日期（{closes_on}）不能早于今天（{today}）", field="applicationClosesOn"
        )


def _rubric_figure(value: Decimal, name: str, label: str, field_name: str) -> Decimal:
    try:
        ok = value.is_finite() and value > 0 and value <= MAX_RUBRIC_FIGURE and value == value.quantize(CENT)
    except InvalidOperation:
        ok = False
    if not ok:
        raise InvalidRubric(
            f"「{name}」的{label}须大于 0、不超过 {MAX_RUBRIC_FIGURE}，最多两位小数", field=field_name
        )
    return value.quantize(CENT)


def _check_rubric(
    rows: Sequence[tuple[TalentDimension, Decimal, Decimal]],
) -> list[tuple[TalentDimension, Decimal, Decimal]]:
    """The six dimensions, each exactly once, in the seed's order."""
    seen: dict[TalentDimension, tuple[Decimal, Decimal]] = {}
    for index, (dimension, weight, max_score) in enumerate(rows):
        with in_row("rubric", index):
            name = DIMENSION_NAMES[dimension]
            if dimension in seen:
                raise InvalidRubric(f"评价维度「{name}」重复：每个维度只填一次", field="dimension")
            seen[dimension] = (
                _rubric_figure(weight, name, "权重", "weight"),
                _rubric_figure(max_score, name, "满分", "maxScore"),
            )
    missing = [DIMENSION_NAMES[d] for d in TalentDimension if d not in seen]
    if missing:
        raise InvalidRubric("评分细则须包含六个评价维度，缺少：" + "、".join(missing))
    return [(d, *seen[d]) for d in TalentDimension]


def _check_years(value: int, label: str, field_name: str) -> int:
    if not 0 <= value <= MAX_YEARS:
        raise _in_eligibility(InvalidInput(f"{label}须在 0 至 {MAX_YEARS} 年之间", field=field_name))
    return value


def _check_age(value: int | None) -> int | None:
    if value is not None and not MIN_AGE <= value <= MAX_AGE:
        raise _in_eligibility(InvalidInput(f"最大年龄须在 {MIN_AGE} 至 {MAX_AGE} 周岁之间", field="maxAge"))
    return value


def _check_cultivation_years(value: int) -> int:
    if not 1 <= value <= MAX_CULTIVATION_YEARS:
        raise InvalidInput(f"培养期须在 1 至 {MAX_CULTIVATION_YEARS} 年之间", field="cultivationYears")
    return value


def _funding_fen(value: Decimal) -> int:
    try:
        fen = money.to_fen(value)
    except money.InvalidAmount as error:
        raise InvalidAmount(str(error), field="funding") from None
    if fen < 0:
        raise InvalidAmount("培养经费不能为负数", field="funding")
    return fen


@dataclass(frozen=True, slots=True)
class _Checked:
    year: int
    title: str
    quota: int
    county_quotas: dict[str, int] | None
    opens_on: date
    closes_on: date
    min_certificate_level: ExamLevel | None
    min_years_held: int
    min_practice_years: int
    max_age: int | None
    training_requirement_met: bool
    rubric: list[tuple[TalentDimension, Decimal, Decimal]] | None
    promote_next_on_upheld: bool
    cultivation_years: int
    funding_fen: int


async def _check(given: RoundInput, current: TalentRound | None) -> _Checked:
    """Every part checked, in the order of the input, before anything is written. `current` is the
    round being corrected (None when opening): what is not given stays."""

    def pick(value: T | None, kept: T) -> T:
        return kept if value is None else value

    year = pick(given.year, current.year if current else 0)
    _check_year(year)
    title = _check_title(given.title) if given.title is not None else (current.title if current else "")
    if not title:
        raise InvalidInput("标题不能为空", field="title")
    quota = pick(given.quota, current.quota if current else 0)
    _check_quota(quota)
    county_quotas: dict[str, int] | None = None
    if given.county_quotas is not None:
        county_quotas = await _check_county_quotas(given.county_quotas, quota)
    elif current is not None and given.quota is not None:
        # A smaller total must still hold every county's places.
        for row in await TalentCountyQuota.filter(round_id=current.id):
            if row.quota > quota:
                raise InvalidQuota(f"总名额 {quota} 少于已设的县级名额 {row.quota}：请一并更正县级名额")
    opens_on = given.application_opens_on or (current.application_opens_on if current else None)
    closes_on = given.application_closes_on or (current.application_closes_on if current else None)
    if opens_on is None or closes_on is None:
        raise InvalidInput("请填写申报开始和截止日期", field="applicationOpensOn")
    _check_window(opens_on, closes_on)
    e = given.eligibility
    level = _given(
        e.min_certificate_level, current.min_certificate_level if current else DEFAULT_MIN_CERTIFICATE_LEVEL
    )
    years_held = _check_years(
        _given(e.min_years_held, current.min_years_held if current else DEFAULT_MIN_YEARS_HELD),
        "持证年限",
        "minYearsHeld",
    )
    practice = _check_years(
        _given(e.min_practice_years, current.min_practice_years if current else DEFAULT_MIN_PRACTICE_YEARS),
        "从事社会工作年限",
        "minPracticeYears",
    )
    max_age = _check_age(_given(e.max_age, current.max_age if current else DEFAULT_MAX_AGE))
    training = _given(
        e.training_requirement_met,
        current.training_requirement_met if current else DEFAULT_TRAINING_REQUIREMENT_MET,
    )
    rubric: list[tuple[TalentDimension, Decimal, Decimal]] | None = None
    if given.rubric is not None:
        rubric = _check_rubric(given.rubric)
    elif current is None:
        rubric = list(DEFAULT_RUBRIC)
    cultivation_years = _check_cultivation_years(
        pick(given.cultivation_years, current.cultivation_years if current else DEFAULT_CULTIVATION_YEARS)
    )
    funding_fen = (
        _funding_fen(given.funding) if given.funding is not None else (current.funding_fen if current else 0)
    )
    return _Checked(
        year=year,
        title=title,
        quota=quota,
        county_quotas=county_quotas,
        opens_on=opens_on,
        closes_on=closes_on,
        min_certificate_level=level,
        min_years_held=years_held,
        min_practice_years=practice,
        max_age=max_age,
        training_requirement_met=training,
        rubric=rubric,
        promote_next_on_upheld=pick(
            given.promote_next_on_upheld, current.promote_next_on_upheld if current else True
        ),
        cultivation_years=cultivation_years,
        funding_fen=funding_fen,
    )


def _fields(checked: _Checked) -> dict[str, Any]:
    return {
        "year": checked.year,
        "title": checked.title,
        "quota": checked.quota,
        "application_opens_on": checked.opens_on,
        "application_closes_on": checked.closes_on,
        "min_certificate_level": checked.min_certificate_level,
        "min_years_held": checked.min_years_held,
        "min_practice_years": checked.min_practice_years,
        "max_age": checked.max_age,
        "training_requirement_met": checked.training_requirement_met,
        "promote_next_on_upheld": checked.promote_next_on_upheld,
        "cultivation_years": checked.cultivation_years,
        "funding_fen": checked.funding_fen,
    }


async def _write_lists(round_id: int, checked: _Checked) -> None:
    if checked.county_quotas is not None:
        await TalentCountyQuota.filter(round_id=round_id).delete()
        await TalentCountyQuota.bulk_create(
            [
                TalentCountyQuota(round_id=round_id, county_id=c, quota=q)
                for c, q in checked.county_quotas.items()
            ]
        )
    if checked.rubric is not None:
        await TalentRubricItem.filter(round_id=round_id).delete()
        await TalentRubricItem.bulk_create(
            [
                TalentRubricItem(round_id=round_id, dimension=d, weight=w, max_score=m)
                for d, w, m in checked.rubric
            ]
        )


def _summary(checked: _Checked) -> dict[str, object]:
    summary: dict[str, object] = {
        key: (value.isoformat() if isinstance(value, date) else value)
        for key, value in _fields(checked).items()
    }
    summary["funding"] = str(money.from_fen(checked.funding_fen))
    del summary["funding_fen"]
    if checked.county_quotas is not None:
        summary["countyQuotas"] = checked.county_quotas
    if checked.rubric is not None:
        summary["rubric"] = [[d.value, str(w), str(m)] for d, w, m in checked.rubric]
    return summary


def _check_prefecture(actor: Actor) -> None:
    if not actor.is_prefecture_admin:
        raise OutOfScope("只有州级管理员可以发布或更正领军人才选拔轮次", field=None)


async def open_round(actor: Actor, given: RoundInput) -> TalentRound:
    """The prefecture admin opens a round (DOMAIN.md §leading talent, step 1).

    `given` needs the year (2021–2100), title (one line, 1–100 characters), total quota (1–1000), the
    county quotas (each a county of the prefecture, once, 0 to the total; a county not listed has no
    places; at least one county with places) and the window (today ≤ opens on ≤ closes on). Left out,
    the eligibility criteria take DEFAULT_MIN_CERTIFICATE_LEVEL (社会工作师), DEFAULT_MIN_YEARS_HELD (0),
    DEFAULT_MIN_PRACTICE_YEARS (3), DEFAULT_MAX_AGE (55), DEFAULT_TRAINING_REQUIREMENT_MET (false), one
    by one; the rubric DEFAULT_RUBRIC; `promote_next_on_upheld` true; `cultivation_years` 3 (1–10);
    `funding` 0 yuan (at most two decimals). A rubric lists each of the six dimensions once, with weight
    and maximum score > 0, at most two decimals. Years held and of practice are 0–50, the age limit 18–80.

    Writes the `TalentRound` (CALLING), its `TalentCountyQuota` and `TalentRubricItem` rows and the
    audit event `talent.round.opened`, in one transaction.

    Raises:
        OutOfScope: the actor is not the prefecture admin.
        InvalidInput: year, title, criteria or cultivation years out of range (their field).
        InvalidQuota: total out of range, a county twice, a county's places above the total (the row),
            or no county with places (field `countyQuotas`).
        UnknownCounty: a county code that is not the prefecture's (the row).
        DatesOutOfOrder: the window opens before today, or closes before it opens.
        InvalidRubric: a dimension missing or twice, or a weight or maximum out of range.
        InvalidAmount: funding negative or with more than two decimals.
    """
    _check_prefecture(actor)
    if given.county_quotas is None:
        raise InvalidQuota("请填写各县市名额（未列出的县市没有名额）", field="countyQuotas")
    checked = await _check(given, None)
    async with write_transaction():
        row = await TalentRound.create(
            **_fields(checked), status=RoundStatus.CALLING, opened_by_user_id=actor.user_id or 0
        )
        await _write_lists(row.id, checked)
        await audit.record(
            actor,
            "talent.round.opened",
            target_type="TalentRound",
            target_id=row.id,
            summary=_summary(checked),
        )
    return row


async def correct_round(actor: Actor, round_id: int, given: RoundInput) -> TalentRound:
    """The prefecture admin corrects a round before its window opens (today < application opens on).

    Only what `given` holds changes, checked as `open_round` checks it against the round's other parts
    (a smaller total must still hold every county's places); `county_quotas` and `rubric`, when given,
    replace the round's lists. Writes the round, the replaced lists and the audit event
    `talent.round.corrected` (with the round as it now is), in one transaction.

    Raises:
        OutOfScope: the actor is not the prefecture admin.
        TalentRoundNotFound: no such round.
        TalentRoundLocked: its window has opened (today ≥ opens on) or it has moved on from CALLING.
        and every refusal of `open_round`.
    """
    _check_prefecture(actor)
    current = await get_round(round_id)
    if clock.today() >= current.application_opens_on or current.status is not RoundStatus.CALLING:
        raise TalentRoundLocked()
    checked = await _check(given, current)
    async with write_transaction():
        # Conditional on the window not yet open, as read: a round cannot be changed under applicants.
        moved = await TalentRound.filter(
            id=round_id, status=RoundStatus.CALLING, application_opens_on__gt=clock.today()
        ).update(**_fields(checked))
        if not moved:
            raise TalentRoundLocked()
        await _write_lists(round_id, checked)
        await audit.record(
            actor,
            "talent.round.corrected",
            target_type="TalentRound",
            target_id=round_id,
            summary=_summary(checked),
        )
    return await TalentRound.get(id=round_id)


async def get_round(round_id: int) -> TalentRound:
    """Raises TalentRoundNotFound."""
    row = await TalentRound.get_or_none(id=round_id)
    if row is None:
        raise TalentRoundNotFound()
    return row


def check_calling(round_: TalentRound, action: str) -> None:
    """Raises WrongRoundStatus (worded with `action`, e.g. "修改申报") unless the round is CALLING."""
    if round_.status is not RoundStatus.CALLING:
        raise WrongRoundStatus(f"选拔轮次{ROUND_NAMES[round_.status]}，不能{action}")


def check_window_open(round_: TalentRound, action: str = "申报") -> None:
    """Raises WrongRoundStatus unless the round is CALLING, ApplicationWindowClosed unless opens on ≤
    today ≤ closes on (the message gives the dates)."""
    check_calling(round_, action)
    today = clock.today()
    if not round_.application_opens_on <= today <= round_.application_closes_on:
        when = "尚未开始" if today < round_.application_opens_on else "已经截止"
        raise ApplicationWindowClosed(
            f"本轮申报时间为 {round_.application_opens_on} 至 {round_.application_closes_on}，"
            f"今天（{today}）申报{when}" + ("" if action == "申报" else f"，不能{action}")
        )


async def county_places(round_id: int, county_code: str) -> int:
    """The places the round gives the county (0 when it has no row)."""
    row = await TalentCountyQuota.get_or_none(round_id=round_id, county_id=county_code)
    return row.quota if row is not None else 0


async def county_without_places(round_: TalentRound, county_code: str) -> str | None:
    """The refusal's message when the round gives `county_code` no places, else None."""
    if await county_places(round_.id, county_code) > 0:
        return None
    name = (await people.county_names([county_code])).get(county_code, county_code)
    return f"本轮未给{name}分配名额，该县市人员不能申报或被推荐"


async def check_county_has_places(round_: TalentRound, county_code: str) -> None:
    """Raises CountyWithoutPlaces when the round gives the county no places (its quota is 0)."""
    refusal = await county_without_places(round_, county_code)
    if refusal is not None:
        raise CountyWithoutPlaces(refusal)


async def list_rounds(*, first: int, after: int | None) -> Page[TalentRound]:
    """Every round, newest first (the calls are public)."""
    return await keyset_page(TalentRound.all(), first=first, after=after, descending=True)


@dataclass(frozen=True, slots=True)
class CountyQuota:
    county_code: str
    county_name: str
    quota: int


async def county_quotas_of(round_ids: list[int]) -> dict[int, list[CountyQuota]]:
    """Each round's county quotas in county-code order, with the counties' names."""
    rows = await TalentCountyQuota.filter(round_id__in=round_ids).order_by("county_id")
    names = await people.county_names(sorted({r.county_id for r in rows}))
    result: dict[int, list[CountyQuota]] = {pk: [] for pk in round_ids}
    for row in rows:
        result[row.round_id].append(
            CountyQuota(row.county_id, names.get(row.county_id, row.county_id), row.quota)
        )
    return result


async def rubric_of(round_ids: list[int]) -> dict[int, list[TalentRubricItem]]:
    """Each round's rubric in the seed's order of dimensions."""
    order = {d: i for i, d in enumerate(TalentDimension)}
    result: dict[int, list[TalentRubricItem]] = {pk: [] for pk in round_ids}
    for row in await TalentRubricItem.filter(round_id__in=round_ids):
        result[row.round_id].append(row)
    for items in result.values():
        items.sort(key=lambda r: order[r.dimension])
    return result
