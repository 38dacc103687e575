"""The bare-framework ceiling for ``make bench``: one Django view returning a short text, with no
middleware, no apps and no database, served by the same gunicorn settings as ReformDesk."""
