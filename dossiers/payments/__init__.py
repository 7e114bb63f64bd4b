"""Fees and payments of dossiers (DOMAIN.md, "Channels, documents and fees"): the charges a dossier owes,
payments at the counter (cash, card) and online through a payment gateway, the electronic receipts (biên lai
điện tử) with their own number series per agency and year, and the takings reports.

A Django app of its own (label `payments`) inside the dossiers package: its tables and migrations are its
own, and dossiers/services.py calls it at two points only (charges fixed at receipt, the clock resuming when
a payment settles what was owed).
"""
