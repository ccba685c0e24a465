"""Incentives: county policies, exam-fee subsidies, one-time rewards, monthly allowances (seed §四, §八)."""
