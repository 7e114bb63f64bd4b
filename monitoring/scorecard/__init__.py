"""The Decision 766/QĐ-TTg scorecard as the national portal computes it (DOMAIN.md), with the lists behind
each number. `table` holds the indicators, `progress` and `feedback` the judgements, `facts` the sets
counted, `build` the scorecard, its trend and the ranking of agencies."""

from monitoring.scorecard.build import Scorecard, build, monthly_trend, ranking, scorecard
from monitoring.scorecard.facts import Facts, load_facts

__all__ = ["Facts", "Scorecard", "build", "load_facts", "monthly_trend", "ranking", "scorecard"]
