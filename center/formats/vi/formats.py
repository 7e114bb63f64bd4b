from center.formats.day_first import *  # noqa: F403
