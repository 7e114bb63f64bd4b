"""The dossier archive (issue 17): dossiers whose lifecycle ended years ago leave the live tables, so that
the lists, searches and indexes staff use every day stop growing with the province's history.

- models.py: `ArchivedDossier`, one row per archived dossier: the columns the supervision rollups count by
  (so `verify_rollups` still finds every figure) and the whole record (the dossier and every row that
  belongs to it, serialized with django.core.serializers) so that nothing is lost and a restore puts it
  back; `ArchivedFile`, the stored files of the archived dossiers by document id (the bytes stay in storage).
- records.py: which rows belong to a dossier, how they are read, deleted and put back.
- services.py: `dossiers_archive` and `dossier_restore`; neither moves a rollup (the figures do not change:
  an archived dossier still counts, from the archive's columns, in monitoring/rollups/expected.py).
- selectors.py: an archived dossier for the public lookup and the staff pages ("archived on …").

The archive is kept, not deleted: it is where the record lives once the dossier leaves the live tables.
"""
