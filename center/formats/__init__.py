"""The project's own date formats (FORMAT_MODULE_PATH), read before Django's locale files.

In Vietnam a date is written day first (03/12/2026 is 3 December). Django's `vi` locale has no input
formats, so forms fell back to the American month-first ones: "04/12/2026" typed in the admin was saved
as 12 April and "13/12/2026" refused. Both the Vietnamese and the English interface take dates day first
(the English one serves the same center and the same paper slips), and ISO dates (2026-12-03) as well.
"""
