"""The audit trail: who changed what, when, under which role and request."""
