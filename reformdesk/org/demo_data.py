"""The demo unit tree: Nghệ An province, the former Tân Kỳ district and its communes.

Names and the 1 July 2025 merges follow the project's reference data (tan-ky-units-2020.csv,
whose notes say which paths are unconfirmed). Unit codes here are illustrative: they follow the
QCVN 102 pattern but are not the codes the province actually issued.
"""

from __future__ import annotations

import datetime as dt

PROVINCE = ("000.00.00.H41", "Tỉnh Nghệ An", "Nghe An Province")

DISTRICT_END = dt.date(2025, 6, 30)
TWO_TIER_START = dt.date(2025, 7, 1)
MERGE_BASIS = "Nghị quyết 1678/NQ-UBTVQH15 ngày 16/6/2025"

# (code, Vietnamese name, kind)
PROVINCIAL_BODIES = [
    ("000.01.00.H41", "Văn phòng UBND tỉnh Nghệ An", "department"),
    ("000.02.00.H41", "Sở Nội vụ tỉnh Nghệ An", "department"),
    ("000.03.00.H41", "Sở Tư pháp tỉnh Nghệ An", "department"),
    ("000.04.00.H41", "Trung tâm Phục vụ hành chính công tỉnh Nghệ An", "service_centre"),
]

DISTRICT = ("000.00.30.H41", "Huyện Tân Kỳ", "Tan Ky District")

DISTRICT_OFFICES = [
    ("000.30.01.H41", "Văn phòng HĐND và UBND huyện Tân Kỳ", "department"),
    ("000.30.02.H41", "Phòng Nội vụ huyện Tân Kỳ", "department"),
    ("000.30.03.H41", "Phòng Tư pháp huyện Tân Kỳ", "department"),
    ("000.30.04.H41", "Phòng Tài chính – Kế hoạch huyện Tân Kỳ", "department"),
    ("000.30.05.H41", "Phòng Tài nguyên và Môi trường huyện Tân Kỳ", "department"),
    ("000.30.06.H41", "Phòng Kinh tế – Hạ tầng huyện Tân Kỳ", "department"),
    ("000.30.07.H41", "Phòng Lao động – Thương binh và Xã hội huyện Tân Kỳ", "department"),
    ("000.30.08.H41", "Thanh tra huyện Tân Kỳ", "department"),
    ("000.30.09.H41", "Bộ phận Tiếp nhận và Trả kết quả huyện Tân Kỳ", "service_centre"),
]

# The 2020 town and communes of Tân Kỳ district: (code, name, kind, the 2025 commune it became part of).
OLD_COMMUNES = [
    ("000.30.31.H41", "Thị trấn Tân Kỳ", "town", "Xã Tân Kỳ"),
    ("000.30.32.H41", "Xã Đồng Văn", "commune", "Xã Tiên Đồng"),
    ("000.30.33.H41", "Xã Giai Xuân", "commune", "Xã Giai Xuân"),
    ("000.30.34.H41", "Xã Hương Sơn", "commune", "Xã Tân An"),
    ("000.30.35.H41", "Xã Kỳ Sơn", "commune", "Xã Tân Kỳ"),
    ("000.30.36.H41", "Xã Kỳ Tân", "commune", "Xã Tân Kỳ"),
    ("000.30.37.H41", "Xã Nghĩa Bình", "commune", "Xã Nghĩa Đồng"),
    ("000.30.38.H41", "Xã Nghĩa Đồng", "commune", "Xã Nghĩa Đồng"),
    ("000.30.39.H41", "Xã Nghĩa Dũng", "commune", "Xã Tân Kỳ"),
    ("000.30.40.H41", "Xã Nghĩa Hành", "commune", "Xã Nghĩa Hành"),
    ("000.30.41.H41", "Xã Nghĩa Hoàn", "commune", "Xã Tân Phú"),
    ("000.30.42.H41", "Xã Nghĩa Hợp", "commune", "Xã Nghĩa Đồng"),
    ("000.30.43.H41", "Xã Nghĩa Phúc", "commune", "Xã Tân An"),
    ("000.30.44.H41", "Xã Nghĩa Thái", "commune", "Xã Tân Phú"),
    ("000.30.45.H41", "Xã Phú Sơn", "commune", "Xã Nghĩa Hành"),
    ("000.30.46.H41", "Xã Tân An", "commune", "Xã Tân An"),
    ("000.30.47.H41", "Xã Tân Hợp", "commune", "Xã Giai Xuân"),
    ("000.30.48.H41", "Xã Tân Hương", "commune", "Xã Nghĩa Hành"),
    ("000.30.49.H41", "Xã Tân Long", "commune", "Xã Tân Phú"),
    ("000.30.50.H41", "Xã Tân Phú", "commune", "Xã Tân Phú"),
    ("000.30.51.H41", "Xã Tân Xuân", "commune", "Xã Tân Phú"),
    ("000.30.52.H41", "Xã Tiên Kỳ", "commune", "Xã Tiên Đồng"),
]
# Reached their 2025 commune through 2024 mergers the reference data could not confirm.
UNCONFIRMED_PATHS = {"Xã Nghĩa Bình", "Xã Nghĩa Hợp", "Xã Nghĩa Hoàn", "Xã Tân Long"}

# The communes that took over the district's area on 1 July 2025: (code, name, English name).
NEW_COMMUNES = [
    ("000.71.00.H41", "Xã Tân Kỳ", "Tan Ky Commune"),
    ("000.72.00.H41", "Xã Tân Phú", "Tan Phu Commune"),
    ("000.73.00.H41", "Xã Tân An", "Tan An Commune"),
    ("000.74.00.H41", "Xã Nghĩa Đồng", "Nghia Dong Commune"),
    ("000.75.00.H41", "Xã Giai Xuân", "Giai Xuan Commune"),
    ("000.76.00.H41", "Xã Nghĩa Hành", "Nghia Hanh Commune"),
    ("000.77.00.H41", "Xã Tiên Đồng", "Tien Dong Commune"),
]

# Positions of a commune People's Committee after the 2025 reform, with the role each gets in
# ReformDesk and how many people hold it in a typical merged commune.
COMMUNE_POSITIONS = [
    ("Chủ tịch UBND xã", "", "cadre", "leader", 1),
    ("Phó Chủ tịch UBND xã", "", "cadre", "leader", 2),
    ("Chánh Văn phòng HĐND và UBND xã", "", "civil_servant", "reform", 1),
    ("Phó Chánh Văn phòng HĐND và UBND xã", "", "civil_servant", "specialist", 1),
    ("Trưởng phòng Kinh tế", "", "civil_servant", "specialist", 1),
    ("", "Chuyên viên Phòng Kinh tế", "civil_servant", "specialist", 2),
    ("Trưởng phòng Văn hóa – Xã hội", "", "civil_servant", "specialist", 1),
    ("", "Chuyên viên Phòng Văn hóa – Xã hội", "civil_servant", "specialist", 2),
    ("Giám đốc Trung tâm Phục vụ hành chính công xã", "", "civil_servant", "one_stop", 1),
    ("", "Công chức Văn phòng – Thống kê", "civil_servant", "specialist", 3),
    ("", "Công chức Tư pháp – Hộ tịch", "civil_servant", "specialist", 3),
    ("", "Công chức Địa chính – Xây dựng – Nông nghiệp – Môi trường", "civil_servant", "specialist", 4),
    ("", "Công chức Tài chính – Kế toán", "civil_servant", "specialist", 2),
    ("", "Công chức Văn hóa – Xã hội", "civil_servant", "specialist", 3),
    ("", "Công chức tiếp nhận và trả kết quả", "civil_servant", "one_stop", 4),
    ("", "Viên chức Trung tâm Phục vụ hành chính công", "public_employee", "one_stop", 2),
    ("", "Người hoạt động không chuyên trách", "non_specialised", "specialist", 4),
]

DISTRICT_POSITIONS = [
    ("000.30.01.H41", "Chánh Văn phòng HĐND và UBND huyện", "civil_servant", "leader", 1),
    ("000.30.01.H41", "Chuyên viên Văn phòng", "civil_servant", "specialist", 3),
    ("000.30.02.H41", "Trưởng phòng Nội vụ", "civil_servant", "leader", 1),
    ("000.30.02.H41", "Chuyên viên phụ trách cải cách hành chính", "civil_servant", "reform", 2),
    ("000.30.03.H41", "Trưởng phòng Tư pháp", "civil_servant", "leader", 1),
    ("000.30.03.H41", "Chuyên viên Phòng Tư pháp", "civil_servant", "specialist", 2),
    ("000.30.04.H41", "Chuyên viên Phòng Tài chính – Kế hoạch", "civil_servant", "specialist", 3),
    ("000.30.05.H41", "Chuyên viên Phòng Tài nguyên và Môi trường", "civil_servant", "specialist", 3),
    ("000.30.06.H41", "Chuyên viên Phòng Kinh tế – Hạ tầng", "civil_servant", "specialist", 3),
    ("000.30.07.H41", "Chuyên viên Phòng Lao động – TB&XH", "civil_servant", "specialist", 2),
    ("000.30.08.H41", "Thanh tra viên", "civil_servant", "inspector", 2),
    ("000.30.09.H41", "Công chức Bộ phận Một cửa huyện", "civil_servant", "one_stop", 3),
]

PROVINCE_POSITIONS = [
    ("000.02.00.H41", "Chuyên viên Phòng Cải cách hành chính, Sở Nội vụ", "civil_servant", "reform", 3),
    ("000.02.00.H41", "Thanh tra Sở Nội vụ", "civil_servant", "inspector", 2),
    ("000.01.00.H41", "Chuyên viên Văn phòng UBND tỉnh", "civil_servant", "specialist", 3),
    ("000.03.00.H41", "Chuyên viên Sở Tư pháp", "civil_servant", "specialist", 2),
    ("000.04.00.H41", "Công chức Trung tâm Phục vụ hành chính công tỉnh", "civil_servant", "one_stop", 4),
    # Last, so that no other demo official's code changes: the director who signs the
    # department's outgoing documents (the inspection records its inspectors enter there).
    ("000.02.00.H41", "Giám đốc Sở Nội vụ", "civil_servant", "leader", 1),
]

FAMILY_NAMES = [
    "Nguyễn",
    "Nguyễn",
    "Nguyễn",
    "Trần",
    "Lê",
    "Lê",
    "Phạm",
    "Hoàng",
    "Phan",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Võ",
    "Đinh",
    "Lương",
    "Thái",
    "Cao",
    "Chu",
    "Lữ",
    "Vi",
]
MALE_MIDDLE = ["Văn", "Đức", "Hữu", "Xuân", "Quang", "Minh", "Đình", "Công", "Bá", "Trọng", "Quốc"]
FEMALE_MIDDLE = ["Thị", "Thị", "Thị", "Thu", "Thanh", "Ngọc", "Minh", "Hồng", "Kim"]
MALE_GIVEN = [
    "Anh",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Hải",
    "Hùng",
    "Huy",
    "Khánh",
    "Long",
    "Mạnh",
    "Nam",
    "Nghĩa",
    "Phong",
    "Quân",
    "Sơn",
    "Tài",
    "Thắng",
    "Thành",
    "Tiến",
    "Toàn",
    "Trung",
    "Tuấn",
    "Việt",
    "Vinh",
]
FEMALE_GIVEN = [
    "Anh",
    "Châu",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hiền",
    "Hoa",
    "Hương",
    "Lan",
    "Linh",
    "Loan",
    "Mai",
    "Nga",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phương",
    "Quỳnh",
    "Tâm",
    "Thảo",
    "Thủy",
    "Trang",
    "Yến",
]

DEMO_PASSWORD = "reformdesk-demo"  # noqa: S105 - printed by make run for the demo logins

# Demo logins: (username, unit code, position, role, scope, also-in (code, role) or None).
DEMO_LOGINS = [
    ("chutich.tanky", "000.71.00.H41", "Chủ tịch UBND xã", "leader", "unit", None),
    (
        "motcua.tanky",
        "000.71.00.H41",
        "Công chức tiếp nhận và trả kết quả",
        "one_stop",
        "unit",
        ("000.74.00.H41", "one_stop"),
    ),
    ("chuyenvien.nghiahanh", "000.76.00.H41", "Công chức Tư pháp – Hộ tịch", "specialist", "unit", None),
    (
        "cchc.tinh",
        "000.02.00.H41",
        "Chuyên viên Phòng Cải cách hành chính, Sở Nội vụ",
        "reform",
        "subtree",
        ("000.00.00.H41", "reform"),
    ),
    (
        "thanhtra.tinh",
        "000.02.00.H41",
        "Thanh tra Sở Nội vụ",
        "inspector",
        "subtree",
        ("000.00.00.H41", "inspector"),
    ),
]
