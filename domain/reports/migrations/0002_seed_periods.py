"""Reference data: the two plan periods the reports show, and each county's township count.

The 14th five-year plan (2021–2025) carries the seed's targets (楚人社发〔2021〕13号): 8,000 talents,
4,000 of them certified, and at least 1‰ of the registered population in every county. The 15th
(2026–2030) is seeded without targets: the prefecture sets them (`setPeriodTargets`), never the code.
Township counts are an estimate (103 乡镇、街道 in the prefecture) for the filing-coverage figure.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

PERIODS = [
    # code, name, starts, ends, talent target, certified target, floor in hundredths of ‰
    ("FYP14", "“十四五”时期（2021—2025年）", "2021-01-01", "2025-12-31", "8000", "4000", "100"),
    ("FYP15", "“十五五”时期（2026—2030年）", "2026-01-01", "2030-12-31", "NULL", "NULL", "NULL"),
]

TOWNSHIPS = [
    ("532301", 15),
    ("532302", 14),
    ("532322", 8),
    ("532323", 7),
    ("532324", 10),
    ("532325", 9),
    ("532326", 12),
    ("532327", 7),
    ("532328", 10),
    ("532329", 11),
]
assert sum(n for _, n in TOWNSHIPS) == 103

TOWNSHIP_SOURCE = "估算：全州 103 个乡镇（街道）分县计数，以民政部门公布的区划为准"

# Constants only, written inline: the placeholder syntax differs between SQLite and PostgreSQL.
SEED = [
    "INSERT INTO plan_period (code, name, starts_on, ends_on, talent_target, certified_target,"
    f" per_mille_floor_hundredths) VALUES ('{code}', '{name}', '{starts}', '{ends}', {talents},"
    f" {certified}, {floor})"
    for code, name, starts, ends, talents, certified, floor in PERIODS
] + [
    f"INSERT INTO county_townships (county_id, townships, source) VALUES ('{code}', {n}, '{TOWNSHIP_SOURCE}')"
    for code, n in TOWNSHIPS
]


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [
        ops.RunSQL(SEED, reverse_sql=["DELETE FROM county_townships", "DELETE FROM plan_period"]),
    ]
