"""CHECK constraints on the money: a county budget never below zero in any figure, an entitlement's amount
above zero, a batched or paid entitlement always in a batch, a paid batch never empty, a policy's amount not
negative and its dates in order. The code guards every one of these already (conditional updates); the
database refuses a bug that slips past it (issue #10: "enforce with database constraints, not only
code").

PostgreSQL adds them with ALTER TABLE. SQLite cannot add a constraint to a table, and Tortoise's
AddConstraint rebuilds the table without its indexes and unique keys, so on SQLite each check is a
pair of triggers (before insert, before update) that abort the statement as a constraint failure."""

from tortoise import migrations
from tortoise.migrations import operations as ops

# (table, constraint, condition): `{r}` stands before each column, "" for the table's own CHECK and "NEW."
# for a trigger's row.
CHECKS = (
    (
        "county_budget",
        "county_budget_figures_not_negative",
        "{r}remaining_fen >= 0 AND {r}committed_fen >= 0 AND {r}paid_fen >= 0 AND {r}recovered_fen >= 0",
    ),
    ("entitlement", "entitlement_amount_positive", "{r}amount_fen > 0"),
    (
        "entitlement",
        "entitlement_batched_in_a_batch",
        "{r}status NOT IN ('IN_BATCH', 'PAID') OR {r}batch_id IS NOT NULL",
    ),
    # A batch is filled in the transaction that opens it, so only a paid one is checked.
    (
        "payout_batch",
        "payout_batch_paid_not_empty",
        "{r}status <> 'PAID' OR ({r}entitlement_count > 0 AND {r}total_fen > 0)",
    ),
    ("incentive_policy", "incentive_policy_amount_not_negative", "{r}amount_fen >= 0"),
    (
        "incentive_policy",
        "incentive_policy_dates_in_order",
        "{r}effective_to IS NULL OR {r}effective_to >= {r}effective_from",
    ),
)


async def forward(apps, schema_editor):
    client = schema_editor.client
    for table, name, condition in CHECKS:
        if client.capabilities.dialect == "postgres":
            await client.execute_script(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" CHECK ({condition.format(r="")})')
            continue
        for event in ("INSERT", "UPDATE"):
            await client.execute_script(
                f'CREATE TRIGGER "{name}_{event.lower()}" BEFORE {event} ON "{table}" '
                f"WHEN NOT ({condition.format(r='NEW.')}) "
                f"BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: {name}'); END"
            )


async def backward(apps, schema_editor):
    client = schema_editor.client
    for table, name, _ in CHECKS:
        if client.capabilities.dialect == "postgres":
            await client.execute_script(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            continue
        for event in ("insert", "update"):
            await client.execute_script(f'DROP TRIGGER IF EXISTS "{name}_{event}"')


class Migration(migrations.Migration):
    dependencies = [("incentives", "0001_initial")]

    operations = [ops.RunPython(forward, backward)]
