"""The periodic reports a center files on the one-stop mechanism (monthly, quarterly, yearly): `figures` computes
them with the dashboard's and the scorecard's selectors, `render` writes the XLSX and PDF, `services` makes,
versions and e-mails them."""
