"""The national social-worker exam (社会工作者职业水平考试, seed §四): sittings, eligibility,
registration, results with carry-over, certificates and registration (登记)."""
