"""Supervision's reads: the dashboard aggregation, the indicators, the lists, the public board."""
