"""Public pages, no login: the home page, procedures, the unit directory and the hotline board."""
