"""The demo's commune reform-index framework for 2026, issued by the demo province.

Its eight areas and their maxima follow the provincial PAR index breakdown of Decision
2948/QĐ-BNV (2017) as summarised in shared/data/index-766.md (direction 10, legal documents 10,
administrative procedures 14.5, organisation 11, civil servants 16, public finance 7,
modernisation 16, impact 15.5); the Vietnamese area names are our wording of those areas. Every
criterion and sub-criterion below is ILLUSTRATIVE: Nghệ An's own commune criteria could not be
found (UNCONFIRMED in shared/data/index-766.md), so the page says so and marks each one.
Idempotent: nothing is written when the province already has a framework for the year.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from reformdesk.org import demo_data as org_data
from reformdesk.org.models import Unit
from reformdesk.scoring.models_frameworks import Framework, Method, RateSource
from reformdesk.scoring.services.frameworks import (
    NodeRow,
    framework_create,
    framework_publish,
    framework_replace_tree,
)

YEAR = 2026
ACTOR = "cchc.tinh"  # the province's reform officer in the demo

_M, _C, _S = Method.MANUAL, Method.COMPUTED, Method.SURVEY
# (code, title, max, method, rate source, shape, params); areas and criteria with parts are sums.
TREE: tuple[tuple[str, str, str, str, str, str, dict[str, object]], ...] = (
    ("1", "Công tác chỉ đạo, điều hành cải cách hành chính", "10", Method.SUM, "", "", {}),
    ("1.1", "Kế hoạch cải cách hành chính năm", "3", Method.SUM, "", "", {}),
    ("1.1.1", "Ban hành kế hoạch CCHC năm đúng hạn", "1", _M, "", "", {}),
    (
        "1.1.2",
        "Hoàn thành đúng hạn các nhiệm vụ của kế hoạch",
        "2",
        _C,
        RateSource.TASKS_ON_TIME,
        "linear",
        {},
    ),
    (
        "1.2",
        "Báo cáo CCHC quý, năm nộp đúng hạn",
        "2",
        _C,
        RateSource.REPORTS_ON_TIME,
        "steps",
        {"steps": [["1", "1"], ["0.75", "0.5"]]},
    ),
    ("1.3", "Khắc phục tồn tại sau kiểm tra CCHC", "3", _C, RateSource.FINDINGS_REMEDIED, "linear", {}),
    ("1.4", "Tuyên truyền cải cách hành chính", "2", _M, "", "", {}),
    ("2", "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật", "10", Method.SUM, "", "", {}),
    ("2.1", "Ban hành văn bản theo thẩm quyền đúng quy định", "4", _M, "", "", {}),
    ("2.2", "Rà soát, hệ thống hóa văn bản", "3", _M, "", "", {}),
    ("2.3", "Theo dõi thi hành pháp luật", "3", _M, "", "", {}),
    ("3", "Cải cách thủ tục hành chính", "14.5", Method.SUM, "", "", {}),
    (
        "3.1",
        "Niêm yết, công khai thủ tục hành chính",
        "3",
        _C,
        RateSource.PROCEDURES_PUBLISHED,
        "steps",
        {"steps": [["1", "1"], ["0.9", "0.5"]]},
    ),
    ("3.2", "Giải quyết hồ sơ đúng hạn", "6", _C, RateSource.DOSSIERS_ON_TIME, "linear", {}),
    ("3.3", "Trả lời phản ánh, kiến nghị đúng hạn", "3", _C, RateSource.PETITIONS_ON_TIME, "linear", {}),
    ("3.4", "Thực hiện cơ chế một cửa, một cửa liên thông", "2.5", _M, "", "", {}),
    ("4", "Cải cách tổ chức bộ máy", "11", Method.SUM, "", "", {}),
    ("4.1", "Thực hiện quy định về chức năng, nhiệm vụ", "4", _M, "", "", {}),
    ("4.2", "Bố trí cán bộ, công chức theo vị trí việc làm", "4", _M, "", "", {}),
    ("4.3", "Thực hiện quy chế làm việc", "3", _M, "", "", {}),
    ("5", "Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức", "16", Method.SUM, "", "", {}),
    ("5.1", "Chấp hành kỷ luật, kỷ cương hành chính", "8", Method.SUM, "", "", {}),
    ("5.1.1", "Chấp hành giờ làm việc", "4", _C, RateSource.ATTENDANCE, "linear", {"full_at": "0.95"}),
    ("5.1.2", "Ký nhận quy định, cam kết", "4", _C, RateSource.REGULATIONS_ACKNOWLEDGED, "linear", {}),
    ("5.2", "Đào tạo, bồi dưỡng cán bộ, công chức", "4", _M, "", "", {}),
    ("5.3", "Đánh giá, xếp loại cán bộ, công chức", "4", _M, "", "", {}),
    ("6", "Cải cách tài chính công", "7", Method.SUM, "", "", {}),
    ("6.1", "Quản lý, sử dụng ngân sách đúng quy định", "4", _M, "", "", {}),
    ("6.2", "Thực hành tiết kiệm, chống lãng phí", "3", _M, "", "", {}),
    ("7", "Hiện đại hóa hành chính, chính quyền số", "16", Method.SUM, "", "", {}),
    ("7.1", "Hồ sơ nộp trực tuyến", "6", _C, RateSource.DOSSIERS_ONLINE, "linear", {"full_at": "0.8"}),
    ("7.2", "Ứng dụng công nghệ thông tin trong chỉ đạo, điều hành", "5", _M, "", "", {}),
    ("7.3", "Số hóa hồ sơ, kết quả giải quyết thủ tục", "5", _M, "", "", {}),
    ("8", "Tác động của cải cách hành chính đến người dân, tổ chức", "15.5", Method.SUM, "", "", {}),
    ("8.1", "Mức độ hài lòng của người dân, tổ chức", "10", _S, "", "", {}),
    ("8.2", "Đánh giá của người dân về công chức giải quyết thủ tục", "5.5", _S, "", "", {}),
)


def rows() -> list[NodeRow]:
    return [
        NodeRow(
            code=code,
            level=code.count(".") + 1,
            title=title,
            max_points=Decimal(points),
            method=method,
            rate_source=source,
            shape=shape,
            shape_params=params,
            illustrative="." in code,  # areas follow the cited breakdown; everything below is ours
            row=number,
        )
        for number, (code, title, points, method, source, shape, params) in enumerate(TREE, start=2)
    ]


def seed() -> list[str]:
    province = Unit.objects.filter(code=org_data.PROVINCE[0]).first()
    actor = User.objects.filter(username=ACTOR).first()
    if province is None or actor is None or Framework.objects.filter(issuer=province, year=YEAR).exists():
        return []
    framework = framework_create(
        actor=actor,
        issuer=province,
        year=YEAR,
        title=_("Bộ chỉ số CCHC cấp xã năm %(year)s (mẫu minh họa)") % {"year": YEAR},
        basis=_(
            "Tám lĩnh vực và điểm tối đa của từng lĩnh vực theo cơ cấu chỉ số CCHC cấp tỉnh của "
            "Quyết định 2948/QĐ-BNV (2017): chỉ đạo điều hành 10, văn bản QPPL 10, thủ tục hành chính "
            "14,5, tổ chức bộ máy 11, cán bộ công chức 16, tài chính công 7, hiện đại hóa 16, tác động 15,5. "
            "Quy trình tự đánh giá, thẩm định, khảo sát theo Quyết định 876/QĐ-BNV (10/11/2022)."
        ),
        illustrative_note=_(
            "Đây không phải bộ tiêu chí của tỉnh Nghệ An: chưa tìm được văn bản của tỉnh quy định "
            "chỉ số CCHC cấp xã. Chỉ tám lĩnh vực và điểm tối đa của lĩnh vực lấy theo văn bản nêu trên; "
            "mọi tiêu chí, tiêu chí thành phần, điểm của chúng, cách chấm và mức xếp loại là minh họa "
            "(đánh dấu «minh họa»)."
        ),
    )
    framework_replace_tree(actor=actor, framework=framework, rows=rows(), source="demo")
    framework_publish(actor=actor, framework=framework)
    return [f"  scoring: commune reform-index framework {YEAR} ({len(TREE)} nodes, published)"]
