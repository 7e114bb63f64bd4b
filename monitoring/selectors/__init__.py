"""Supervision's reads: the dashboard aggregation and queue wait, the duties, the lists, the public board."""
