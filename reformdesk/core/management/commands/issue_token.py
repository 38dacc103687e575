"""manage.py issue_token <username> [--name NAME] [--days N] — a personal access token for scripts.

The token is the last word of the single line printed, so a script can take it with
``TOKEN=$(manage.py issue_token alice | awk '{print $NF}')``. Only its hash is stored.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.core.services.tokens import token_create


class Command(BaseCommand):
    help = "Create a personal access token for a user and print it (once) as the last word."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="CLI", help="A name to recognise the token by (default: CLI).")
        parser.add_argument(
            "--days", type=int, default=None, help="Expire after this many days (default: never)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username: str = options["username"]
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("Không có tài khoản “%(username)s”.") % {"username": username})
        days = options["days"]
        if days is not None and days < 1:
            raise CommandError(_("Số ngày hiệu lực phải từ 1 trở lên."))
        expires_at = timezone.now() + dt.timedelta(days=days) if days else None
        try:
            token, secret = token_create(actor=None, user=user, name=options["name"], expires_at=expires_at)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            _("Mã truy cập “%(name)s” của %(username)s (chỉ hiển thị một lần): %(secret)s")
            % {"name": token.name, "username": user.get_username(), "secret": secret}
        )
