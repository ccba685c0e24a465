"""Reference data: the prefecture's ten county-level divisions and their registered populations.

The prefecture's registered (户籍) population at the end of 2024 is 2,648,301 (DOMAIN.md). The per-county
split below is an estimate that adds up to it; administrators load official figures per year with
`swtalent import-population`, which replaces a (county, year, basis) figure and records its source.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

COUNTIES = [
    # code, name, estimated 2024 registered population
    ("532301", "楚雄市", 538301),
    ("532302", "禄丰市", 436000),
    ("532322", "双柏县", 158000),
    ("532323", "牟定县", 208000),
    ("532324", "南华县", 236000),
    ("532325", "姚安县", 205000),
    ("532326", "大姚县", 277000),
    ("532327", "永仁县", 110000),
    ("532328", "元谋县", 215000),
    ("532329", "武定县", 265000),
]
assert sum(p for _, _, p in COUNTIES) == 2_648_301

SOURCE = "估算：按州 2024 年末户籍人口 2,648,301 分县估计，待导入官方数据"


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [
        # Constants only, written inline: the placeholder syntax differs between SQLite and PostgreSQL.
        ops.RunSQL(
            [f"INSERT INTO county (code, name) VALUES ('{code}', '{name}')" for code, name, _ in COUNTIES]
            + [
                "INSERT INTO population_record (county_id, year, basis, population, source, recorded_at)"
                f" VALUES ('{code}', 2024, 'HOUSEHOLD', {population}, '{SOURCE}', CURRENT_TIMESTAMP)"
                for code, _, population in COUNTIES
            ],
            reverse_sql=["DELETE FROM population_record", "DELETE FROM county"],
        )
    ]
