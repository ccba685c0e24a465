"""The data migrations that bring names stored before the normaliser into its one form (people 0003 for
persons, accounts 0002 for accounts, training 0003 for provider contacts), run here against rows written as the old code wrote them."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

from tortoise import Tortoise, connections

from domain.accounts.models import User
from domain.people.models import Person
from domain.training.models import Provider
from tests.factories import person_id_of, trainee

PEOPLE = importlib.import_module("domain.people.migrations.0003_normalise_names")
ACCOUNTS = importlib.import_module("domain.accounts.migrations.0002_normalise_names")
PROVIDERS = importlib.import_module("domain.training.migrations.0003_normalise_contact_names")


async def run_migrations() -> None:
    editor = SimpleNamespace(client=connections.get("default"))
    await PEOPLE.forward(Tortoise.apps, editor)
    await ACCOUNTS.forward(Tortoise.apps, editor)


async def stored_as(username: str, name: str) -> int:
    """A trainee whose person and account hold `name` exactly as given, as the code before the
    normaliser stored what people typed."""
    user = await trainee(username)
    person_id = person_id_of(user)
    await Person.filter(id=person_id).update(name=name)
    await User.filter(id=user.id).update(name=name)
    return person_id


async def test_stored_names_are_normalised_and_what_cannot_be_is_left_alone(db: str) -> None:
    rows = {
        "ji.ke": ("吉克•阿依", "吉克·阿依"),
        "a.yi": ("阿依・木呷", "阿依·木呷"),
        "li.na": ("李　娜 ", "李娜"),
        "wang.qiang": ("王强", "王强"),
        # Not a valid name: normalised all the same, never refused; a clerk corrects it.
        "zhang.san": (" 张三3", "张三3"),
        # Would come out empty: kept as it was.
        "no.name": ("\u200b", "\u200b"),
        # Would come out longer than the column (㍿ is 株式会社 under NFKC): kept as it was.
        "too.long": ("㍿" * 13, "㍿" * 13),
    }
    ids = {username: await stored_as(username, before) for username, (before, _) in rows.items()}
    await run_migrations()
    for username, (_, after) in rows.items():
        assert (await Person.get(id=ids[username])).name == after, username
        assert (await User.get(username=username)).name == after, username
    # Running it again changes nothing.
    await run_migrations()
    assert (await Person.get(id=ids["ji.ke"])).name == "吉克·阿依"


async def test_a_staff_account_without_a_person_is_normalised_too(db: str) -> None:
    user = await User.create(username="old.staff", password_hash="x", name="阿依 • 木呷")
    await run_migrations()
    assert (await User.get(id=user.id)).name == "阿依·木呷"


async def test_a_provider_contact_filed_before_the_normaliser_is_normalised(db: str) -> None:
    provider = await Provider.create(
        name="楚雄州社会工作人才培训中心",
        county_id="532301",
        contact_name="阿依•木呷",
        contact_phone="0878-3120000",
    )
    editor = SimpleNamespace(client=connections.get("default"))
    await PROVIDERS.forward(Tortoise.apps, editor)
    assert (await Provider.get(id=provider.id)).contact_name == "阿依·木呷"
