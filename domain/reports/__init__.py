"""Reports on the seed's numbers (DOMAIN.md, Geography and targets): the plan periods and their targets,
and the targets report that reads every other context through its service."""
