"""The TKKSD app: mappings, members, proposals, scenarios, runs, jobs and the audit log."""
