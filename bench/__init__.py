"""Benchmarks (issue #14): a seeded data generator at prefecture and national scale, and measurements of
in-process server time, HTTP throughput, writes and memory, each against a floor measured in the same
run. `make bench` (SCALE=national for PostgreSQL) runs them all; bench/RESULTS.md holds the latest table.

These are benchmarks, not tests: nothing here asserts a time. tests/ asserts statement counts and cache
hits, which cannot drift with the machine."""
