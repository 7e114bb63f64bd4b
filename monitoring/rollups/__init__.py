"""Summary tables behind the supervision pages (issue 17): what the dashboard, the public board and the
sites' comparison count, kept per day and per month, so that their cost depends on the period's length and
the catalogue, not on how many dossiers the province has kept.

- models.py: `Flow` (dossiers received, stopped, resolved early / on time / late, ratings, per day and per
  month × site × agency × procedure × channel) and `OpenStock` (open dossiers by due day).
- maintain.py: every save of a dossier (and of a rating) moves the counts it changes, in the same
  transaction, with one upsert per table. Nothing else writes dossiers except bulk loads, which rebuild.
- services.py: rebuild from the dossiers, tidy empty rows; verify.py: recompute and compare.
- selectors.py: the grouped reads the supervision pages use.
"""
