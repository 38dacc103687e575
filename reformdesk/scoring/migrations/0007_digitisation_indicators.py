"""The digitisation group and the online payment share of the 766 index, computed from the
dossiers' digitisation flags (papers digitised, data reused, population data used, electronic
result, paid online) instead of "no data" or a figure entered by hand.

Decision 766/QĐ-TTg (23/06/2022), Annex; the rates and shapes as in 0002 (shared/data/index-766.md,
UNCONFIRMED). Each indicator gets a NEW dated row; the old row is closed the day before. The new
rows apply from 1/1/2027: dossiers received before this release carry no flags, so scoring any
period that began before it from them would rescore the past as if nothing had been digitised;
1 January is the first day of a year, a quarter and a month alike, so no period is scored partly
by each formula. Run later than that, the rows apply from the next 1 January.
"""

import datetime as dt

from django.db import migrations, models
from django.utils import timezone

EARLIEST = dt.date(2027, 1, 1)
ANNEX = "QĐ 766/QĐ-TTg (23/06/2022), Phụ lục Bộ chỉ số; nhóm, điểm tối đa theo Cổng DVC quốc gia 2025–2026"
FROM_FLAGS = "Tính từ thông tin số hóa, thanh toán ReformDesk ghi trên từng hồ sơ (có từ 01/2027)"
UNCONFIRMED = "UNCONFIRMED: công thức suy ngược từ điểm công bố, chưa đối chiếu phụ lục"
# code → the rate it now reads, the formula as the source states it
REVISIONS = {
    "pay-dossiers-paid": (
        "dossiers_paid_online",
        "A = hồ sơ thanh toán trực tuyến / hồ sơ đã thực hiện nghĩa vụ tài chính; quan sát: 6 × A",
    ),
    "pay-procedures-online": (
        "procedures_paid_online",
        "B = thủ tục có hồ sơ thanh toán trực tuyến / thủ tục có phí, lệ phí có hồ sơ; quan sát: min(2; 2,5 × B)",
    ),
    "d-electronic-result": (
        "electronic_result",
        "R = hồ sơ cấp kết quả điện tử / hồ sơ đã có kết quả; min(6; 6 × R)",
    ),
    "d-digitised-papers": (
        "digitised_papers",
        "R = hồ sơ số hóa thành phần hồ sơ / hồ sơ tiếp nhận; đủ điểm khi ≥ 80 %",
    ),
    "d-data-reuse": (
        "data_reused",
        "R = hồ sơ tái sử dụng dữ liệu đã số hóa / hồ sơ tiếp nhận; min(2; 2 × R / 0,8)",
    ),
    "d-population-data": (
        "population_data",
        "R = hồ sơ khai thác CSDL quốc gia về dân cư / hồ sơ của cá nhân; 2 × R (phạm vi tỉnh)",
    ),
}
# Rates the old rows may have: the ones the flags replace (never a formula revised since).
REPLACED = ("not_recorded", "entered")


def valid_from() -> dt.date:
    today = timezone.localdate()
    return EARLIEST if today < EARLIEST else dt.date(today.year + 1, 1, 1)


def revise(apps, schema_editor):
    Indicator = apps.get_model("scoring", "Indicator")
    ScoringEvent = apps.get_model("scoring", "ScoringEvent")
    start = valid_from()
    for code, (rate, formula) in REVISIONS.items():
        old = Indicator.objects.filter(code=code, valid_to__isnull=True).order_by("-valid_from").first()
        if old is None or old.rate not in REPLACED or old.valid_from >= start:
            continue
        source = f"{ANNEX}. {formula}. {FROM_FLAGS}. {UNCONFIRMED}."
        new = Indicator.objects.create(
            code=code,
            group=old.group,
            name=old.name,
            sort_order=old.sort_order,
            max_points=old.max_points,
            rate=rate,
            shape=old.shape,
            shape_params=old.shape_params,
            when_empty=old.when_empty,
            source=source,
            confirmed=False,
            valid_from=start,
        )
        old.valid_to = start - dt.timedelta(days=1)
        old.save(update_fields=["valid_to"])
        ScoringEvent.objects.create(
            kind="indicator_revised",
            at=timezone.now(),
            indicator=new,
            note=source,
            data={"replaces": old.pk, "valid_from": start.isoformat(), "rate": [old.rate, rate]},
        )


def unrevise(apps, schema_editor):
    Indicator = apps.get_model("scoring", "Indicator")
    for new in Indicator.objects.filter(
        code__in=list(REVISIONS), rate__in=[rate for rate, _formula in REVISIONS.values()]
    ):
        Indicator.objects.filter(code=new.code, valid_to=new.valid_from - dt.timedelta(days=1)).update(
            valid_to=None
        )
        new.events.all().delete()
        new.delete()



class Migration(migrations.Migration):

    dependencies = [
        ('scoring', '0006_plans_reports'),
    ]

    operations = [
        migrations.AlterField(
            model_name='indicator',
            name='rate',
            field=models.CharField(choices=[('portal_published', 'Thủ tục công khai trên Cổng DVC / thủ tục thuộc phạm vi'), ('complete_parts', 'Thủ tục công khai đủ bộ phận / thủ tục thuộc phạm vi'), ('on_time_766', 'Hồ sơ đúng hạn (kể cả đang giải quyết trong hạn) / hồ sơ tiếp nhận'), ('procedures_full_online', 'Thủ tục trực tuyến toàn trình / thủ tục thuộc phạm vi'), ('dossiers_online', 'Hồ sơ nộp trực tuyến / hồ sơ của thủ tục toàn trình'), ('fee_data', 'Thủ tục có hồ sơ ghi phí, lệ phí / thủ tục có phí, lệ phí'), ('petitions_on_time', 'Phản ánh, kiến nghị xử lý đúng hạn / phản ánh, kiến nghị'), ('petitions_satisfied', 'Phản ánh, kiến nghị không bị không hài lòng, phản ánh lại hay trễ hạn / phản ánh, kiến nghị'), ('dossiers_satisfied', '1 − (tỷ lệ trễ hạn + tỷ lệ không hài lòng)'), ('dossiers_paid_online', 'Hồ sơ thanh toán trực tuyến / hồ sơ đã thực hiện nghĩa vụ tài chính'), ('procedures_paid_online', 'Thủ tục có hồ sơ thanh toán trực tuyến / thủ tục có phí, lệ phí'), ('electronic_result', 'Hồ sơ cấp kết quả điện tử / hồ sơ đã có kết quả'), ('digitised_papers', 'Hồ sơ số hóa thành phần hồ sơ / hồ sơ tiếp nhận'), ('data_reused', 'Hồ sơ tái sử dụng dữ liệu đã số hóa / hồ sơ tiếp nhận'), ('population_data', 'Hồ sơ khai thác dữ liệu dân cư / hồ sơ của cá nhân'), ('entered', 'Cán bộ CCHC nhập kèm minh chứng'), ('not_recorded', 'Hồ sơ chưa có thông tin này (chưa có dữ liệu)')], max_length=24, verbose_name='tỷ lệ'),
        ),
        migrations.RunPython(revise, unrevise),
    ]
