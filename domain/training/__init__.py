"""Training (seed §三): providers, courses, enrolment, completions and the per-person hour ledger."""
