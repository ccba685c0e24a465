"""Who may administer which county, and who may see a person's full identity number and phone."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.access import ANONYMOUS, Actor, Grant, Role, can_see_identity

CHUXIONG_CITY = "532301"
LUFENG = "532302"
SHUANGBAI = "532322"
COUNTIES = (CHUXIONG_CITY, LUFENG, SHUANGBAI, "532323", "532324", "532325", "532326", "532327", "532328")

PREFECTURE_GRANT = Grant(Role.PREFECTURE_ADMIN)
CHUXIONG_ADMIN_GRANT = Grant(Role.COUNTY_ADMIN, county_code=CHUXIONG_CITY)
SHUANGBAI_ADMIN_GRANT = Grant(Role.COUNTY_ADMIN, county_code=SHUANGBAI)
TRAINEE_GRANT = Grant(Role.TRAINEE)

PREFECTURE_ADMIN = Actor(user_id=1, username="zhou", person_id=10, grants=(PREFECTURE_GRANT,))
COUNTY_ADMIN = Actor(user_id=2, username="chuxiong", person_id=20, grants=(CHUXIONG_ADMIN_GRANT,))
TRAINEE = Actor(user_id=3, username="trainee", person_id=30, grants=(TRAINEE_GRANT,))
PROVIDER = Actor(user_id=4, username="provider", grants=(Grant(Role.PROVIDER, provider_id=7),))
EXPERT = Actor(user_id=5, username="expert", person_id=50, grants=(Grant(Role.EXPERT),))

counties = st.sampled_from(COUNTIES)


@pytest.mark.parametrize(
    ("actor", "county_code", "allowed"),
    [
        pytest.param(PREFECTURE_ADMIN, CHUXIONG_CITY, True, id="prefecture admin, any county"),
        pytest.param(PREFECTURE_ADMIN, SHUANGBAI, True, id="prefecture admin, another county"),
        pytest.param(PREFECTURE_ADMIN, None, True, id="prefecture admin, no county"),
        pytest.param(COUNTY_ADMIN, CHUXIONG_CITY, True, id="county admin, own county"),
        pytest.param(COUNTY_ADMIN, SHUANGBAI, False, id="county admin, another county"),
        pytest.param(COUNTY_ADMIN, None, False, id="county admin, no county"),
        pytest.param(TRAINEE, CHUXIONG_CITY, False, id="trainee"),
        pytest.param(PROVIDER, CHUXIONG_CITY, False, id="provider"),
        pytest.param(EXPERT, CHUXIONG_CITY, False, id="expert"),
        pytest.param(ANONYMOUS, CHUXIONG_CITY, False, id="anonymous"),
        pytest.param(ANONYMOUS, None, False, id="anonymous, no county"),
    ],
)
def test_only_the_prefecture_admin_and_the_county_s_own_admin_administer_a_county(
    actor: Actor, county_code: str | None, allowed: bool
) -> None:
    assert actor.can_administer_county(county_code) is allowed


def test_a_county_admin_of_two_counties_administers_both_and_no_other() -> None:
    actor = Actor(user_id=6, grants=(CHUXIONG_ADMIN_GRANT, SHUANGBAI_ADMIN_GRANT))
    assert actor.can_administer_county(CHUXIONG_CITY)
    assert actor.can_administer_county(SHUANGBAI)
    assert not actor.can_administer_county(LUFENG)


def test_a_county_admin_grant_without_a_county_administers_nothing() -> None:
    actor = Actor(user_id=6, grants=(Grant(Role.COUNTY_ADMIN),))
    assert not actor.is_admin
    assert not actor.can_administer_county(None)
    assert actor.admin_county_scope() == frozenset()


@pytest.mark.parametrize(
    ("actor", "scope"),
    [
        pytest.param(PREFECTURE_ADMIN, None, id="prefecture admin sees all"),
        pytest.param(COUNTY_ADMIN, frozenset({CHUXIONG_CITY}), id="county admin sees own county"),
        pytest.param(
            Actor(user_id=6, grants=(CHUXIONG_ADMIN_GRANT, TRAINEE_GRANT, SHUANGBAI_ADMIN_GRANT)),
            frozenset({CHUXIONG_CITY, SHUANGBAI}),
            id="admin of two counties sees both",
        ),
        pytest.param(
            Actor(user_id=6, grants=(CHUXIONG_ADMIN_GRANT, PREFECTURE_GRANT)),
            None,
            id="prefecture grant outranks a county grant",
        ),
        pytest.param(TRAINEE, frozenset(), id="trainee sees no county, not all"),
        pytest.param(ANONYMOUS, frozenset(), id="anonymous sees no county, not all"),
    ],
)
def test_the_admin_county_scope_is_none_only_for_the_prefecture_admin(
    actor: Actor, scope: frozenset[str] | None
) -> None:
    assert actor.admin_county_scope() == scope


@pytest.mark.parametrize(
    ("actor", "is_admin"),
    [(PREFECTURE_ADMIN, True), (COUNTY_ADMIN, True), (TRAINEE, False), (EXPERT, False), (ANONYMOUS, False)],
)
def test_only_prefecture_and_county_admins_are_admins(actor: Actor, is_admin: bool) -> None:
    assert actor.is_admin is is_admin


def test_anonymous_is_not_signed_in_and_a_user_is() -> None:
    assert not ANONYMOUS.is_signed_in
    assert TRAINEE.is_signed_in


def test_acting_grant_picks_the_county_admin_grant_for_its_own_county() -> None:
    actor = Actor(user_id=6, grants=(TRAINEE_GRANT, CHUXIONG_ADMIN_GRANT, SHUANGBAI_ADMIN_GRANT))
    assert actor.acting_grant(SHUANGBAI) is SHUANGBAI_ADMIN_GRANT
    assert actor.acting_grant(CHUXIONG_CITY) is CHUXIONG_ADMIN_GRANT


def test_acting_grant_prefers_the_prefecture_admin_grant() -> None:
    actor = Actor(user_id=6, grants=(CHUXIONG_ADMIN_GRANT, PREFECTURE_GRANT))
    assert actor.acting_grant(CHUXIONG_CITY) is PREFECTURE_GRANT
    assert actor.acting_grant(None) is PREFECTURE_GRANT


def test_acting_grant_falls_back_to_the_first_grant_outside_any_administered_county() -> None:
    actor = Actor(user_id=6, grants=(TRAINEE_GRANT, CHUXIONG_ADMIN_GRANT))
    assert actor.acting_grant(SHUANGBAI) is TRAINEE_GRANT
    assert actor.acting_grant() is TRAINEE_GRANT


def test_an_actor_without_grants_acts_under_none() -> None:
    assert ANONYMOUS.acting_grant(CHUXIONG_CITY) is None


@pytest.mark.parametrize(
    ("actor", "person_id", "county_code", "allowed"),
    [
        pytest.param(TRAINEE, 30, CHUXIONG_CITY, True, id="the person themself"),
        pytest.param(TRAINEE, 31, CHUXIONG_CITY, False, id="another trainee"),
        pytest.param(PREFECTURE_ADMIN, 30, SHUANGBAI, True, id="prefecture admin"),
        pytest.param(COUNTY_ADMIN, 30, CHUXIONG_CITY, True, id="county admin in scope"),
        pytest.param(COUNTY_ADMIN, 30, SHUANGBAI, False, id="county admin out of scope"),
        pytest.param(COUNTY_ADMIN, 20, SHUANGBAI, True, id="county admin's own record elsewhere"),
        pytest.param(PROVIDER, 30, CHUXIONG_CITY, False, id="provider"),
        pytest.param(EXPERT, 30, CHUXIONG_CITY, False, id="expert"),
        pytest.param(ANONYMOUS, 30, CHUXIONG_CITY, False, id="anonymous"),
    ],
)
def test_a_full_identity_is_visible_to_the_person_and_admins_in_scope(
    actor: Actor, person_id: int, county_code: str, allowed: bool
) -> None:
    assert can_see_identity(actor, person_id=person_id, county_code=county_code) is allowed


@given(
    administered=st.frozensets(counties, max_size=4),
    county=counties,
    person_id=st.integers(min_value=1, max_value=10_000),
)
def test_a_county_admin_sees_an_identity_exactly_when_its_county_is_administered(
    administered: frozenset[str], county: str, person_id: int
) -> None:
    actor = Actor(
        user_id=1,
        person_id=None,
        grants=tuple(Grant(Role.COUNTY_ADMIN, county_code=c) for c in sorted(administered)),
    )
    assert actor.admin_county_scope() == administered
    assert can_see_identity(actor, person_id=person_id, county_code=county) is (county in administered)
