"""The base of every table: the creation timestamps a row is given come from the one clock.

Tortoise's `auto_now_add` stamps a row with the real time, so with `SWTALENT_TODAY` pinned (or the clock
moved by `travel_to`) a course posted "on 20 March" would still be created today, sort as the newest,
and its enrolments would date from after it ended. A `Table` fills those fields from `domain.clock.now()`
before Tortoise would, so what is stored agrees with what every rule saw. The fields keep
`auto_now_add=True` (the committed migrations describe them so); a value set here is kept by Tortoise.
"""

from __future__ import annotations

from collections.abc import Iterable

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.fields import DatetimeField
from tortoise.models import Model

from domain import clock


class Table(Model):
    class Meta:
        abstract = True

    async def save(
        self,
        using_db: BaseDBAsyncClient | None = None,
        update_fields: Iterable[str] | None = None,
        force_create: bool = False,
        force_update: bool = False,
    ) -> None:
        """Tortoise's `save` (which `create` calls), after stamping an inserted row's unset creation
        times from the clock."""
        if force_create or not self._saved_in_db:
            now = clock.now()
            for name, field in self._meta.fields_map.items():
                if (
                    isinstance(field, DatetimeField)
                    and field.auto_now_add
                    and getattr(self, name, None) is None
                ):
                    setattr(self, name, now)
        await super().save(
            using_db=using_db,
            update_fields=update_fields,
            force_create=force_create,
            force_update=force_update,
        )
