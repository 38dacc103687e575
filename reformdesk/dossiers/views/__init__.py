"""Staff pages of the one-stop desk: worklists, a dossier, intake at the counter, the dashboard."""
