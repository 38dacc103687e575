from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "reformdesk.surveys"
    label = "surveys"
    verbose_name = _("Đánh giá sự hài lòng")
