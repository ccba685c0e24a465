"""Reference data: the training requirements and their category caps; and, on PostgreSQL, a trigger
that refuses to update or delete a ledger entry.

- Front-line cumulative training (seed §三): 160 h in 2021–2025; the 2026–2030 figure is 160 h until
  the prefecture sets another (prefecture admins edit requirements).
- Continuing education (民发〔2009〕123号) per 3-year registration period: 72 h for 助理社会工作师, 90 h
  for 社会工作师 and 高级社会工作师; a completed social-work degree counts 90 h once.
Caps for conferences, publications and teaching are this system's defaults, editable as data.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

REQUIREMENTS = [
    # code, name, audience, starts_on, ends_on, period_years, required tenths
    ("FRONT_LINE_2021_2025", "一线社会工作者累计培训（2021—2025年）", "FRONT_LINE", "2021-01-01", "2025-12-31", None, 1600),
    ("FRONT_LINE_2026_2030", "一线社会工作者累计培训（2026—2030年）", "FRONT_LINE", "2026-01-01", "2030-12-31", None, 1600),
    ("CONTINUING_EDUCATION_ASSISTANT", "助理社会工作师继续教育（每个登记有效期）", "ASSISTANT_HOLDERS", None, None, 3, 720),
    ("CONTINUING_EDUCATION_SOCIAL_WORKER", "社会工作师、高级社会工作师继续教育（每个登记有效期）", "SOCIAL_WORKER_HOLDERS", None, None, 3, 900),
]

CAPS = {
    # code: [(category, cap tenths)]
    "FRONT_LINE_2021_2025": [("DEGREE_STUDY", 900)],
    "FRONT_LINE_2026_2030": [("DEGREE_STUDY", 900)],
    "CONTINUING_EDUCATION_ASSISTANT": [
        ("DEGREE_STUDY", 900), ("CONFERENCE", 240), ("RESEARCH_PUBLICATION", 300), ("TEACHING", 300),
    ],
    "CONTINUING_EDUCATION_SOCIAL_WORKER": [
        ("DEGREE_STUDY", 900), ("CONFERENCE", 240), ("RESEARCH_PUBLICATION", 300), ("TEACHING", 300),
    ],
}


def _literal(value):
    return "NULL" if value is None else (str(value) if isinstance(value, int) else f"'{value}'")


# Constants only, written inline: the placeholder syntax differs between SQLite and PostgreSQL.
SEED = [
    "INSERT INTO training_requirement (code, name, audience, starts_on, ends_on, period_years, required_tenths, updated_at)"
    f" VALUES ({', '.join(_literal(v) for v in row)}, CURRENT_TIMESTAMP)"
    for row in REQUIREMENTS
] + [
    "INSERT INTO category_cap (requirement_id, category, cap_tenths)"
    f" SELECT id, '{category}', {cap} FROM training_requirement WHERE code = '{code}'"
    for code, caps in CAPS.items()
    for category, cap in caps
]

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION hour_entry_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'hour_entry is append-only: add a reversing entry instead of %', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER hour_entry_append_only BEFORE UPDATE OR DELETE ON hour_entry
    FOR EACH ROW EXECUTE FUNCTION hour_entry_is_append_only();
"""


async def forward(apps, schema_editor):
    client = schema_editor.client
    for statement in SEED:
        await client.execute_query(statement)
    if client.capabilities.dialect == "postgres":
        await client.execute_script(APPEND_ONLY)


async def backward(apps, schema_editor):
    client = schema_editor.client
    if client.capabilities.dialect == "postgres":
        await client.execute_script(
            "DROP TRIGGER IF EXISTS hour_entry_append_only ON hour_entry;"
            " DROP FUNCTION IF EXISTS hour_entry_is_append_only();"
        )
    await client.execute_query("DELETE FROM category_cap")
    await client.execute_query("DELETE FROM training_requirement")


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [ops.RunPython(forward, backward)]
