"""Accounts: users, their roles with scope, passwords, and bearer tokens."""
