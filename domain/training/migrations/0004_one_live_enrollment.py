"""One live enrolment per person per course, kept by the database: a unique `live_key`
("course:person", NULL once withdrawn or cancelled), as exam registrations have; and the idempotency
key and request digest `enrollInCourse` stores.

Old databases may hold duplicates (the same person enrolled several times in one course by racing
requests). Before the key is filled, each person keeps one live enrolment per course: a completed one
if any (it carries the credited hours), else the earliest; every later duplicate is withdrawn
(WITHDRAWN, `withdrawn_at` now). Each course touched then has its seat count recomputed from its
enrolled and completed enrolments, and seats freed go to its wait-list in order, as a withdrawal would.
"""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

LIVE = ("ENROLLED", "WAITLISTED", "COMPLETED")
# Which live enrolment of a person's several in one course is kept: completed first, then the earliest.
KEEP_ORDER = {"COMPLETED": 0, "ENROLLED": 1, "WAITLISTED": 2}


def _marks(client, count, start=1):
    if client.capabilities.dialect == "postgres":
        return [f"${i}" for i in range(start, start + count)]
    return ["?"] * count


async def forward(apps, schema_editor):
    client = schema_editor.client
    live = ", ".join(f"'{status}'" for status in LIVE)
    rows = await client.execute_query_dict(
        f"SELECT id, course_id, person_id, status FROM enrollment WHERE status IN ({live}) ORDER BY id"  # noqa: S608
    )
    by_pair = {}
    for row in rows:
        by_pair.setdefault((row["course_id"], row["person_id"]), []).append(row)
    touched = set()
    for (course_id, _person_id), enrolments in by_pair.items():
        if len(enrolments) < 2:
            continue
        keep = min(enrolments, key=lambda e: (KEEP_ORDER[e["status"]], e["id"]))
        for duplicate in enrolments:
            if duplicate is keep:
                continue
            (mark,) = _marks(client, 1)
            await client.execute_query(
                "UPDATE enrollment SET status = 'WITHDRAWN', withdrawn_at = CURRENT_TIMESTAMP"  # noqa: S608
                f" WHERE id = {mark}",
                [duplicate["id"]],
            )
        touched.add(course_id)
    for course_id in sorted(touched):
        await _reseat(client, course_id)
    # Every live enrolment left is its person's only one in its course.
    await client.execute_query(
        "UPDATE enrollment SET live_key = "  # noqa: S608
        + (
            "CAST(course_id AS TEXT) || ':' || CAST(person_id AS TEXT)"
            if client.capabilities.dialect != "postgres"
            else "course_id::text || ':' || person_id::text"
        )
        + f" WHERE status IN ({live})"
    )


async def _reseat(client, course_id):
    """Seats taken = enrolled + completed; free seats go to the wait-list, longest waiting first."""
    (mark,) = _marks(client, 1)
    course = (await client.execute_query_dict(f"SELECT capacity FROM course WHERE id = {mark}", [course_id]))[0]  # noqa: S608
    taken = (
        await client.execute_query_dict(
            "SELECT COUNT(*) AS n FROM enrollment"  # noqa: S608
            f" WHERE course_id = {mark} AND status IN ('ENROLLED', 'COMPLETED')",
            [course_id],
        )
    )[0]["n"]
    waiting = await client.execute_query_dict(
        f"SELECT id FROM enrollment WHERE course_id = {mark} AND status = 'WAITLISTED' ORDER BY id",  # noqa: S608
        [course_id],
    )
    for row in waiting:
        if taken >= course["capacity"]:
            break
        await client.execute_query(
            f"UPDATE enrollment SET status = 'ENROLLED' WHERE id = {mark}",  # noqa: S608
            [row["id"]],
        )
        taken += 1
    await client.execute_query(
        "UPDATE course SET enrolled_count = {} WHERE id = {}".format(*_marks(client, 2)),  # noqa: S608
        [taken, course_id],
    )


class Migration(migrations.Migration):
    dependencies = [("training", "0003_normalise_contact_names")]

    operations = [
        ops.AddField(
            model_name="Enrollment",
            name="live_key",
            field=fields.CharField(null=True, unique=True, max_length=40),
        ),
        ops.AddField(
            model_name="Enrollment",
            name="idempotency_key",
            field=fields.CharField(null=True, unique=True, max_length=100),
        ),
        ops.AddField(
            model_name="Enrollment",
            name="request_digest",
            field=fields.CharField(null=True, max_length=64),
        ),
        ops.RunPython(forward, ops.RunPython.noop),
    ]
