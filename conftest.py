import os

os.environ.setdefault("REFORMDESK_ENV", "test")
