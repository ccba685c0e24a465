"""The append-only audit table."""

from __future__ import annotations

from tortoise import fields

from domain.tables import Table


# One change (or failed login), written in the same transaction as the change itself.
#
# `county_code` is the scope of what was changed, so county admins read their county's events.
# No foreign keys: the trail outlives what it talks about.
class AuditEvent(Table):
    id = fields.BigIntField(primary_key=True)
    at = fields.DatetimeField()
    actor_user_id = fields.IntField(null=True, db_index=True)
    actor_username = fields.CharField(max_length=50, null=True)
    actor_role = fields.CharField(max_length=20, null=True)
    actor_scope = fields.CharField(max_length=20, null=True)
    action = fields.CharField(max_length=50)
    target_type = fields.CharField(max_length=40, null=True)
    target_id = fields.CharField(max_length=100, null=True, db_index=True)
    county_code = fields.CharField(max_length=6, null=True, db_index=True)
    request_id = fields.CharField(max_length=64)
    client = fields.CharField(max_length=64, null=True)
    summary: fields.Field[dict[str, object]] = fields.JSONField(default=dict)

    class Meta:
        table = "audit_event"
        indexes = (("action", "target_id", "at"), ("action", "client", "at"))
