"""The shipped checklist for office discipline (issue 14), as data: the data migration installs
it and the tests read it from here. Each item names the rule it checks.

Sources: Decision 188/1999/QĐ-TTg (the 40-hour week; working hours set by each province);
Decree 118/2025/NĐ-CP on the one-stop mechanism (replacing Decree 61/2018: posting procedures at
the desk, the desk's staffing) — the article numbers are UNCONFIRMED; Decision 129/2007/QĐ-TTg
(Quy chế văn hóa công sở tại các cơ quan hành chính nhà nước: dress, name tags, conduct, the
office's arrangement) with Decision 1847/QĐ-TTg of 27/12/2018 approving the civil-service culture
scheme (Đề án Văn hóa công vụ) — UNCONFIRMED: the texts could not be checked against an official
copy, the article numbers below are from the decisions as commonly cited; Decree 30/2020/NĐ-CP
on clerical work (registers, Articles 15–16 and 22–23, as the documents app cites them).
"""

from __future__ import annotations

TEMPLATE_CODE = "office-discipline"
TEMPLATE_NAME = "Kiểm tra kỷ luật, kỷ cương hành chính, văn hóa công sở"
LEGAL_BASIS = (
    "Quyết định 188/1999/QĐ-TTg; Nghị định 118/2025/NĐ-CP; Quyết định 129/2007/QĐ-TTg "
    "(Quy chế văn hóa công sở); Quyết định 1847/QĐ-TTg ngày 27/12/2018 (Đề án Văn hóa công vụ); "
    "Nghị định 30/2020/NĐ-CP."
)

# (code, text, guidance, method, data source, finding kind, rule)
ITEMS: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    (
        "attendance",
        "Cán bộ, công chức có mặt tại cơ quan theo thời giờ làm việc",
        "Điền sẵn từ dữ liệu chấm công, nghỉ phép, công tác tại thời điểm kiểm tra; "
        "đoàn xác nhận hoặc sửa từng người.",
        "data",
        "attendance",
        "attendance",
        "Quyết định 188/1999/QĐ-TTg; quy định giờ làm việc của UBND tỉnh",
    ),
    (
        "name_tag",
        "Cán bộ, công chức đeo thẻ trong khi thi hành công vụ",
        "Đếm số người có mặt và số người đeo thẻ.",
        "count",
        "",
        "name_tag",
        "Quyết định 129/2007/QĐ-TTg, Điều 8 (chưa đối chiếu bản chính thức)",
    ),
    (
        "postings",
        "Thủ tục hành chính niêm yết tại Bộ phận Một cửa đúng danh mục đã công bố",
        "Số phải niêm yết lấy từ danh mục công khai của đơn vị; đếm số thực tế đang niêm yết.",
        "count",
        "postings",
        "posting",
        "Nghị định 118/2025/NĐ-CP (công khai TTHC tại Bộ phận Một cửa)",
    ),
    (
        "hotline",
        "Bảng công khai số điện thoại đường dây nóng và lịch tiếp công dân",
        "Có bảng, đúng số điện thoại của lãnh đạo, lịch tiếp công dân còn hiệu lực.",
        "eye",
        "",
        "hotline",
        "Luật Tiếp công dân 2013; Nghị định 118/2025/NĐ-CP (chưa đối chiếu điều khoản)",
    ),
    (
        "suggestion_box",
        "Hòm thư góp ý đặt tại nơi tiếp nhận hồ sơ, có khóa, được mở định kỳ",
        "",
        "eye",
        "",
        "suggestion_box",
        "Nghị định 118/2025/NĐ-CP (chưa đối chiếu điều khoản)",
    ),
    (
        "desk_staff",
        "Bộ phận Một cửa bố trí đủ cán bộ làm việc theo phân công",
        "Điền sẵn cán bộ Một cửa của đơn vị và tình trạng có mặt của từng người.",
        "data",
        "desk_staff",
        "desk",
        "Nghị định 118/2025/NĐ-CP (bố trí cán bộ tại Bộ phận Một cửa)",
    ),
    (
        "dress",
        "Trang phục gọn gàng, lịch sự khi làm việc",
        "",
        "eye",
        "",
        "culture",
        "Quyết định 129/2007/QĐ-TTg, Điều 6 (chưa đối chiếu bản chính thức)",
    ),
    (
        "conduct",
        "Không hút thuốc lá trong phòng làm việc, không uống rượu bia tại công sở trong giờ làm việc",
        "",
        "eye",
        "",
        "culture",
        "Quyết định 129/2007/QĐ-TTg, Điều 5 (chưa đối chiếu bản chính thức)",
    ),
    (
        "communication",
        "Giao tiếp, ứng xử với người dân lịch sự, tôn trọng, đúng mực",
        "",
        "eye",
        "",
        "culture",
        "Quyết định 129/2007/QĐ-TTg, Điều 9–11; Quyết định 1847/QĐ-TTg năm 2018 (chưa đối chiếu)",
    ),
    (
        "office",
        "Quốc huy, Quốc kỳ, biển tên cơ quan; phòng làm việc sắp xếp gọn gàng, khoa học",
        "",
        "eye",
        "",
        "culture",
        "Quyết định 129/2007/QĐ-TTg, Điều 13–17 (chưa đối chiếu bản chính thức)",
    ),
    (
        "documents",
        "Văn bản đi, đến được vào sổ và chuyển xử lý qua sổ đăng ký",
        "Xem sổ văn bản đến, đi của đơn vị.",
        "eye",
        "",
        "documents",
        "Nghị định 30/2020/NĐ-CP, Điều 15–16, 22–23",
    ),
    (
        "overdue_tasks",
        "Nhiệm vụ được giao quá hạn chưa hoàn thành tại thời điểm kiểm tra",
        "Điền sẵn từ dữ liệu giao việc của đơn vị.",
        "data",
        "overdue_tasks",
        "overdue",
        "Quy chế làm việc của UBND; cơ chế giao việc 3 bước",
    ),
    (
        "overdue_dossiers",
        "Hồ sơ thủ tục hành chính quá hạn giải quyết tại thời điểm kiểm tra",
        "Điền sẵn từ dữ liệu hồ sơ của đơn vị.",
        "data",
        "overdue_dossiers",
        "overdue",
        "Nghị định 118/2025/NĐ-CP; Quyết định 766/QĐ-TTg năm 2022",
    ),
)
