"""Date, time and number formats shared by every interface language of the portal (center/formats/__init__.py)."""

# The first input format is also how a form (and the admin's calendar) writes a date back into a field.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
FIRST_DAY_OF_WEEK = 1  # Monday
# Thousands grouped in threes (4.558 in Vietnamese, 4,558 in English; the separators are Django's for each
# language): Django's `vi` sets none, so `intcomma` and `number_format` printed 4558.
NUMBER_GROUPING = 3
