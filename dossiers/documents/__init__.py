"""Files attached to dossiers: the scans of their components and the electronic results.

What other code calls (models registered in the `dossiers` app, migrations in dossiers/migrations):
- services.document_upload(*, dossier, component, upload, by, result_number="") -> DossierDocument
  `component` a position of the procedure's documents ("1", "2", ...) or "result"; `by` a staff user, or
  services.APPLICANT / services.ByApplicant(reference=...) for the dossier's applicant (while submitted or
  awaiting a supplement). Raises InvalidInput (a message for the user) or NotAllowed. Scans at once; the
  returned row's scan_status is clean, pending (clamd down: "đang kiểm tra") or infected (refused).
- services.document_reuse(*, dossier, component, source, by): a copy of an already digitised file (4.3).
- services.document_scan(*, document), tasks.document_scan_sweep_task: the retry of pending scans.
- services.may_upload(by, dossier, component) -> bool: to offer a form or not.
- selectors.document_list / document_openable (staff), document_applicant_list / document_applicant_openable /
  document_applicant_files (the applicant), document_panel (the dossier page), document_receipt_list (Form 01).
- serving.document_response(request, document, *, staff): the streamed file, access recorded.
- checks.file_checked(*, upload, name): the content checks alone (a form's validation before a service).
"""
