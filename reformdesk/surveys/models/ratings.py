"""Citizens' satisfaction with a delivered dossier and with each official who handled it.

A rating comes through an invitation whose random token the citizen holds: the receipt's QR code
(the dossier's own secret opens it), the link sent by SMS at delivery, or the counter tablet. A
dossier has at most one invitation per channel, and an invitation at most one rating.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reformdesk.surveys.choices import InvitationChannel, Score

COMMENT_MAX_CHARS = 1000


class RatingInvitation(models.Model):
    """The right to rate one dossier once, through one channel; ``used_at`` is set by the rating."""

    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("hồ sơ"),
        on_delete=models.CASCADE,
        related_name="rating_invitations",
    )
    token = models.CharField(_("mã đánh giá"), max_length=64, unique=True, editable=False)
    channel = models.CharField(_("kênh"), max_length=8, choices=InvitationChannel.choices)
    # A default, not auto_now_add: the demo seeder writes past moments in bulk.
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now, editable=False)
    used_at = models.DateTimeField(_("đã đánh giá lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("lời mời đánh giá")
        verbose_name_plural = _("lời mời đánh giá")
        ordering = ["dossier_id", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "channel"], name="rating_invitation_one_per_channel"),
            models.CheckConstraint(
                condition=Q(channel__in=InvitationChannel.values), name="rating_invitation_channel_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.channel}"


class Rating(models.Model):
    """A citizen's overall satisfaction with a delivered dossier: one per invitation (token)."""

    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="ratings"
    )
    invitation = models.ForeignKey(
        RatingInvitation, verbose_name=_("lời mời"), on_delete=models.PROTECT, related_name="ratings"
    )
    score = models.CharField(_("mức độ hài lòng"), max_length=16, choices=Score.choices)
    comment = models.TextField(_("ý kiến"), max_length=COMMENT_MAX_CHARS, blank=True)
    created_at = models.DateTimeField(_("đánh giá lúc"), default=timezone.now, editable=False, db_index=True)

    class Meta:
        verbose_name = _("đánh giá hồ sơ")
        verbose_name_plural = _("đánh giá hồ sơ")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One rating per dossier per token: a second submit with the same token is refused.
            models.UniqueConstraint(fields=["invitation"], name="rating_one_per_invitation"),
            models.UniqueConstraint(fields=["dossier", "invitation"], name="rating_one_per_dossier_token"),
            models.CheckConstraint(condition=Q(score__in=Score.values), name="rating_score_known"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.score}"


class OfficialRating(models.Model):
    """The citizen's satisfaction with one official who handled the dossier."""

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="officials")
    official = models.ForeignKey(
        "org.Official", verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="ratings"
    )
    score = models.CharField(_("mức độ hài lòng"), max_length=16, choices=Score.choices)
    comment = models.TextField(_("ý kiến"), max_length=COMMENT_MAX_CHARS, blank=True)

    class Meta:
        verbose_name = _("đánh giá cán bộ")
        verbose_name_plural = _("đánh giá cán bộ")
        ordering = ["rating_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rating", "official"], name="official_rating_once"),
            models.CheckConstraint(condition=Q(score__in=Score.values), name="official_rating_score_known"),
        ]

    def __str__(self) -> str:
        return f"{self.official_id}: {self.score}"
