"""The entitlements list on the real database: who sees what, oldest first, and keyset pages that stay
put while the queue is worked."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain import clock
from domain.access import Actor, Grant, Role
from domain.errors import InvalidInput
from domain.incentives import listing
from domain.incentives.models import Entitlement
from domain.incentives.vocabulary import EntitlementStatus, IncentiveKind
from domain.people.errors import UnknownCounty
from tests.domain.incentives import entitlement_rows as rows
from tests.factories import SYSTEM, actor_of, person_id_of, trainee

CHUXIONG = "532301"
LUFENG = "532302"
EVERYTHING = listing.EntitlementFilter()


def county_admin(county_code: str) -> Actor:
    return Actor(
        user_id=5,
        username="admin",
        grants=(Grant(Role.COUNTY_ADMIN, county_code=county_code),),
        request_id="t",
    )


async def ids(actor: Actor, filter: listing.EntitlementFilter = EVERYTHING, first: int = 100) -> list[int]:
    page = await listing.list_entitlements(actor, first=first, after=None, filter=filter)
    return [e.id for e in page.items]


async def test_each_viewer_sees_what_their_scope_allows(db: str) -> None:
    mine_user = await trainee("tr.mine", county_code=CHUXIONG)
    other = person_id_of(await trainee("tr.other", county_code=CHUXIONG))
    far = person_id_of(await trainee("tr.far", county_code=LUFENG))
    mine = await rows.entitlement(person_id_of(mine_user))
    near = await rows.entitlement(other)
    away = await rows.entitlement(far)
    me = await actor_of(mine_user)
    assert await ids(SYSTEM) == [mine.id, near.id, away.id]
    assert await ids(county_admin(CHUXIONG)) == [mine.id, near.id]
    assert await ids(county_admin(LUFENG)) == [away.id]
    assert await ids(me) == [mine.id]
    # Someone else's, or another county's, lists nothing: never an error that tells they exist.
    assert await ids(me, listing.EntitlementFilter(person_id=other)) == []
    assert await ids(me, listing.EntitlementFilter(county_code=LUFENG)) == []
    assert await ids(county_admin(LUFENG), listing.EntitlementFilter(county_code=CHUXIONG)) == []
    assert await ids(Actor(request_id="anonymous")) == []
    assert await ids(Actor(user_id=9, username="expert", grants=(Grant(Role.EXPERT),))) == []


async def test_an_admin_who_holds_entitlements_sees_their_own_beside_the_county(db: str) -> None:
    user = await trainee("tr.both", county_code=LUFENG)
    own = await rows.entitlement(person_id_of(user))
    county = await rows.entitlement(person_id_of(await trainee("tr.c", county_code=CHUXIONG)))
    actor = Actor(
        user_id=user.id,
        username="tr.both",
        person_id=user.person_id,
        grants=(Grant(Role.COUNTY_ADMIN, county_code=CHUXIONG),),
    )
    assert await ids(actor) == [own.id, county.id]


async def test_the_filters_narrow_the_list(db: str) -> None:
    person = person_id_of(await trainee("tr.p", county_code=CHUXIONG))
    reward = await rows.entitlement(person)
    allowance = await rows.entitlement(person, kind=IncentiveKind.MONTHLY_ALLOWANCE)
    approved = await rows.entitlement(person, status=EntitlementStatus.APPROVED)
    pending = listing.EntitlementFilter(status=EntitlementStatus.PENDING)
    assert await ids(SYSTEM, pending) == [reward.id, allowance.id]
    assert await ids(SYSTEM, listing.EntitlementFilter(kind=IncentiveKind.MONTHLY_ALLOWANCE)) == [
        allowance.id
    ]
    assert await ids(SYSTEM, listing.EntitlementFilter(status=EntitlementStatus.APPROVED)) == [approved.id]
    assert await ids(SYSTEM, listing.EntitlementFilter(person_id=person, county_code=LUFENG)) == []
    with pytest.raises(UnknownCounty):
        await ids(SYSTEM, listing.EntitlementFilter(county_code="110101"))


async def test_the_queue_is_oldest_first_and_pages_stay_put_while_it_is_worked(db: str) -> None:
    person = person_id_of(await trainee("tr.q", county_code=CHUXIONG))
    made: list[Entitlement] = []
    # Created out of id order in time: a later row may carry an earlier stamp (a clock set back for a demo).
    for day in (5, 3, 3, 9, 1):
        with clock.travel_to(datetime(2027, 3, day, 8, 0, tzinfo=UTC)):
            made.append(await rows.entitlement(person))
    expected = [e.id for e in sorted(made, key=lambda e: (e.created_at, e.id))]
    queue = listing.EntitlementFilter(status=EntitlementStatus.PENDING)
    seen: list[int] = []
    worked = 0
    after: listing.EntitlementKey | None = None
    while True:
        page = await listing.list_entitlements(SYSTEM, first=2, after=after, filter=queue)
        assert page.total_count == 5 - worked
        seen += [e.id for e in page.items]
        # Working the queue (a row of this page reviewed) does not shift the next page.
        await Entitlement.filter(id=page.items[0].id).update(status=EntitlementStatus.APPROVED)
        worked += 1
        if not page.has_next_page:
            break
        after = listing.entitlement_key(page.items[-1])
    assert seen == expected


async def test_a_page_size_out_of_bounds_is_refused(db: str) -> None:
    for first in (0, 101):
        with pytest.raises(InvalidInput):
            await listing.list_entitlements(SYSTEM, first=first, after=None, filter=EVERYTHING)
