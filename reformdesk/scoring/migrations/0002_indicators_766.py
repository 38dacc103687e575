"""The 20 indicators of the Decision 766/QĐ-TTg index in its six groups, 100 points.

Decision 766/QĐ-TTg (23/06/2022), "Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ
người dân, doanh nghiệp trong thực hiện TTHC, dịch vụ công theo thời gian thực trên môi trường điện
tử", Annex (the index). The groups and maxima are those the national public service portal shows in
2025–2026 (six groups: online payment was split out of the 2022 text's five); the indicators' rates
and scoring shapes were reverse-engineered by a third party from published scores and formula
documents (shared/data/index-766.md). UNCONFIRMED: the legal annex itself was not seen, so every
row here is stored with ``confirmed`` False, and the day the six-group layout replaced the 2022
one was not found: the rows apply from 1/1/2025, the first year the reference observed them.
"""

from django.db import migrations

VALID_FROM = "2025-01-01"
ANNEX = "QĐ 766/QĐ-TTg (23/06/2022), Phụ lục Bộ chỉ số; nhóm, điểm tối đa theo Cổng DVC quốc gia 2025–2026"
UNCONFIRMED = "UNCONFIRMED: công thức suy ngược từ điểm công bố, chưa đối chiếu phụ lục"

# code, group, name, max, rate, params, when_empty, source detail
INDICATORS = [
    ("t-published", "transparency", "Thủ tục được công bố, công khai đúng hạn", "6", "portal_published",
     {}, "no_data", "tỷ lệ công khai × 6"),
    ("t-national-db", "transparency", "Thủ tục cập nhật, công khai đúng hạn trên CSDL quốc gia", "4",
     "entered", {}, "no_data", "công khai trong 5 ngày làm việc kể từ quyết định; 4 × R"),
    ("t-complete-parts", "transparency", "Thủ tục công khai đầy đủ các bộ phận", "2", "complete_parts",
     {}, "no_data", "bộ phận theo NĐ 63/2010/NĐ-CP Điều 8 khoản 2; 2 × R"),
    ("t-synced", "transparency", "Hồ sơ đồng bộ lên Cổng DVC quốc gia", "6", "entered",
     {}, "no_data", "đồng bộ / số lớn hơn của hai bên; 6 × R"),
    ("p-on-time", "timeliness", "Hồ sơ giải quyết đúng hạn (kể cả đang giải quyết trong hạn)", "20",
     "on_time_766", {}, "no_data",
     "R = đúng hạn / tiếp nhận; kết thúc − (hoàn thành bổ sung − yêu cầu bổ sung) ≤ hẹn; bổ sung quá 1 lần là trễ hạn"),
    ("o-procedures-full", "online", "Thủ tục đủ điều kiện cung cấp trực tuyến toàn trình", "6",
     "procedures_full_online", {"full_at": "0.8"}, "no_data",
     "đủ điểm khi ≥ 80 %; chia 12 điểm thành 6 + 6 là cách đọc của ReformDesk (UNCONFIRMED)"),
    ("o-dossiers-online", "online", "Hồ sơ trực tuyến toàn trình của thủ tục toàn trình", "6",
     "dossiers_online", {"full_at": "0.5"}, "no_data",
     "đủ điểm khi ≥ 50 %; chia 12 điểm thành 6 + 6 là cách đọc của ReformDesk (UNCONFIRMED)"),
    ("pay-dossiers-paid", "payment", "Hồ sơ thanh toán trực tuyến / hồ sơ có nghĩa vụ tài chính", "6",
     "not_recorded", {}, "no_data", "quan sát: 6 × A"),
    ("pay-procedures-online", "payment", "Thủ tục có thanh toán trực tuyến / thủ tục có phí, lệ phí", "2",
     "entered", {"full_at": "0.8"}, "no_data", "quan sát: min(2; 2,5 × B)"),
    ("pay-fee-data", "payment", "Thủ tục có hồ sơ ghi dữ liệu phí, lệ phí / thủ tục có phí, lệ phí", "2",
     "fee_data", {"full_at": "0.8"}, "no_data", "quan sát: 2,5 × C, tối đa 2"),
    ("d-electronic-result", "digitisation", "Hồ sơ cấp kết quả điện tử", "6", "not_recorded",
     {}, "no_data", "min(6; 6 × R)"),
    ("d-digitised-papers", "digitisation", "Hồ sơ số hóa thành phần hồ sơ", "4", "not_recorded",
     {"full_at": "0.8"}, "no_data", "đủ điểm khi ≥ 80 %"),
    ("d-certified-copies", "digitisation", "Cung cấp bản sao điện tử có chứng thực", "2", "entered",
     {}, "no_data", "đơn vị cung cấp / đơn vị"),
    ("d-data-reuse", "digitisation", "Hồ sơ tái sử dụng dữ liệu đã số hóa", "2", "not_recorded",
     {"full_at": "0.8"}, "no_data", "min(2; 2 × R / 0,8)"),
    ("d-citizen-store", "digitisation", "Hồ sơ số hóa gắn với kho dữ liệu của công dân", "4", "entered",
     {}, "no_data", "min(4; 4 × R)"),
    ("d-population-data", "digitisation", "Hồ sơ sử dụng dữ liệu dân cư quốc gia", "2", "not_recorded",
     {}, "no_data", "phạm vi tỉnh"),
    ("d-procedures-population", "digitisation", "Thủ tục kết nối dữ liệu dân cư", "2", "entered",
     {}, "no_data", "phạm vi tỉnh"),
    ("s-petitions-on-time", "satisfaction", "Phản ánh, kiến nghị được xử lý đúng hạn", "6",
     "petitions_on_time", {}, "full", "6 × R; 6 điểm nếu đơn vị không có phản ánh, kiến nghị"),
    ("s-petitions-satisfied", "satisfaction", "Hài lòng về xử lý phản ánh, kiến nghị", "6",
     "petitions_satisfied", {}, "full",
     "R = (PAKN − không hài lòng − phản ánh lại − trễ hạn) / PAKN; 6 điểm nếu không có"),
    ("s-dossiers-satisfied", "satisfaction", "Hài lòng về tiếp nhận, giải quyết hồ sơ", "6",
     "dossiers_satisfied", {"full_at": "0.9"}, "no_data",
     "R = 1 − (tỷ lệ trễ hạn + tỷ lệ có khiếu nại hoặc không hài lòng); min(6; 6 × R / 0,9)"),
]


def load(apps, schema_editor):
    """Create the rows that are missing (idempotent; a revised row is never touched)."""
    Indicator = apps.get_model("scoring", "Indicator")
    for order, (code, group, name, max_points, rate, params, when_empty, detail) in enumerate(INDICATORS, 1):
        Indicator.objects.get_or_create(
            code=code,
            valid_from=VALID_FROM,
            defaults={
                "group": group,
                "name": name,
                "sort_order": order * 10,
                "max_points": max_points,
                "rate": rate,
                "shape": "linear",
                "shape_params": params,
                "when_empty": when_empty,
                "source": f"{ANNEX}. {detail}. {UNCONFIRMED}.",
                "confirmed": False,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("scoring", "Indicator").objects.filter(valid_from=VALID_FROM, entries__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("scoring", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
