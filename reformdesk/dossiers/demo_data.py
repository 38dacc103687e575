"""The shape of the demo year of dossiers: the window, volumes, rates and the texts officers write.

The window follows the day ``load_demo`` runs (:func:`window`): it ends at 00:00 of that day
(Vietnam time) and starts on the same date a year before. Its end is the start of the run day,
not the moment of the run nor the end of the day's office hours, so that

- the rows depend on the day only: two runs on one day write the same rows (the seed is the
  run day, too), whatever the hour;
- nothing is in the future: no dossier, event or appointment the demo wrote is ahead of the
  clock while officers work that day, and the day's receipts start at number 0001.

Dossiers still open at that moment stay open; seen on a later day they simply look older. Where
the window runs past the years the worktime module ships calendar data for (2025–2027), the
desks' calendars fall back on the ``holidays`` package's statutory holidays, Tết included.

Rates are demo figures chosen to look like a rural commune's one-stop desk, not measured ones.
"""

from __future__ import annotations

import datetime as dt
import random
import string
from dataclasses import dataclass

from reformdesk.core.text import fold
from reformdesk.org import demo_data as org_data
from reformdesk.worktime.selectors import VN_TZ

TEST_DAYS = 20  # under the test settings, only the last days of the window (see ``demo.seed``)

# Dossiers a commune desk receives on an ordinary working day (before the factors below).
DAILY_DOSSIERS = 17.0
# The communes differ in size: the former district town (Xã Tân Kỳ) is the busiest.
UNIT_FACTOR = {
    "000.71.00.H41": 1.45,
    "000.72.00.H41": 1.05,
    "000.73.00.H41": 0.9,
    "000.74.00.H41": 1.1,
    "000.75.00.H41": 0.8,
    "000.76.00.H41": 1.0,
    "000.77.00.H41": 0.85,
}
WEEKDAY_FACTOR = (1.25, 1.05, 1.0, 0.95, 0.85, 0.55, 0.5)  # Monday … Sunday (make-up Saturdays)
# Month factors: quiet in the summer holidays, busy again when schools and land registration pick
# up in autumn. January and February are left to Tết, whose date moves (below).
MONTH_FACTOR = {
    1: 1.0,
    2: 1.0,
    3: 1.0,
    4: 1.0,
    5: 0.95,
    6: 0.9,
    7: 0.85,
    8: 0.9,
    9: 1.1,
    10: 1.05,
    11: 1.0,
    12: 1.1,
}
# Tết, on the lunar calendar of each year (between 21/1 and 20/2): a rush of civil-status papers
# in the weeks before the break, a quiet first week after it and slow weeks until the lunar
# month's end. (calendar days before the break, factor); (working days after it, factor) twice.
BEFORE_TET = (28, 1.2)
AFTER_TET = (5, 0.45)
AFTER_TET_SLOW = (10, 0.85)
# The day after any other break is busier.
AFTER_BREAK_FACTOR = 1.3

# The share filed online grows over the year (for procedures offered online), from … to …
ONLINE_SHARE = (0.12, 0.38)
POST_SHARE = 0.02
# Of the dossiers checked at intake, the share given a supplement request (form 02) …
INTAKE_SUPPLEMENT = 0.065
# … and of those, the share whose applicant never comes back: refused after some weeks.
INTAKE_SUPPLEMENT_ABANDONED = 0.12
ONLINE_REFUSED = 0.012  # online dossiers refused at once (another unit's matter, wrong procedure)
PROCESSING_SUPPLEMENT = 0.03
SECOND_SUPPLEMENT = 0.18  # of the dossiers asked once during processing, asked a second time
LATE = 0.045  # dossiers whose assessment overruns the appointment
APOLOGY = 0.5  # of the late ones, the share given an apology with a new date (form 04)
# Of the late ones, those waiting weeks for another agency's opinion, and by how many working days
# they overrun (the others overrun by a fraction of their time limit): the overdue worklist of a
# busy commune is never empty.
STUCK = 0.25
STUCK_DAYS = (5.0, 20.0)
WITHDRAWN = 0.004
STOPPED = 0.002
DECLINED = 0.006
# Digitisation (the 766 index's "Số hóa hồ sơ" group), each share rising from the demo year's first
# day to its last as the desks take up scanning and the population database. Illustrative figures.
PAPERS_DIGITISED = (0.35, 0.8)  # counter and post dossiers whose papers are scanned at intake
POPULATION_DATA = (0.5, 0.85)  # dossiers whose applicant's data come from the population database
POPULATION_DATA_ONLINE = 0.9  # online filers sign in with VNeID: their data come from it
ELECTRONIC_RESULT = (0.2, 0.55)  # results issued electronically (every one delivered online is)
DATA_REUSED = (0.02, 0.1)  # dossiers of a returning applicant reusing an earlier dossier's data
RETURNING_POOL = 300  # the latest digitised dossiers of a desk a returning applicant is drawn from
SLOW_COLLECTION = 0.08  # results collected a week or more after they are ready
REPRESENTED = 0.06  # applicants who send an authorised representative
WITH_EMAIL = 0.25  # applicants at the counter who give an e-mail address (all online ones do)

# The top procedures by use (the catalog demo's popularity), and a small weight for the rest.
OTHER_PROCEDURE_WEIGHT = 1.5

# Which specialist's desk a dossier goes to, by the procedure's field (Vietnamese field name
# starts with …), else the office's statistics clerk.
FIELD_DESKS = [
    (("Hộ tịch", "Chứng thực", "Nuôi con nuôi", "Hòa giải", "Gia đình"), "Công chức Tư pháp – Hộ tịch"),
    (
        (
            "Đất đai",
            "Tài chính đất đai",
            "Lâm nghiệp",
            "Thủy lợi",
            "Hoạt động xây dựng",
            "Quy hoạch",
            "Đường bộ",
            "Hàng hải",
            "Môi trường",
            "Tài nguyên nước",
            "Trồng trọt",
            "Chăn nuôi",
            "Thú y",
            "Biển",
            "Hạ tầng",
            "Nông nghiệp",
            "Quản lý Đê điều",
        ),
        "Công chức Địa chính – Xây dựng – Nông nghiệp – Môi trường",
    ),
    (
        (
            "Bảo trợ xã hội",
            "Người có công",
            "Trẻ em",
            "Giáo dục",
            "Văn hóa",
            "Việc làm",
            "Giảm nghèo",
            "Lao động",
            "Chính sách",
            "Thể dục",
            "Di sản",
            "Phòng, chống",
            "Công tác dân tộc",
        ),
        "Công chức Văn hóa – Xã hội",
    ),
    (("Thành lập", "Quản lý thuế", "Hỗ trợ tổ hợp tác", "Kinh tế hợp tác"), "Công chức Tài chính – Kế toán"),
]
DEFAULT_DESK = "Công chức Văn phòng – Thống kê"

# Hamlets (xóm) of each new commune carry the name of the former commune they lie in.
HAMLETS = {
    "000.71.00.H41": ["Khối 1", "Khối 4", "Khối 7", "Kỳ Sơn", "Kỳ Tân", "Nghĩa Dũng"],
    "000.72.00.H41": ["Tân Phú", "Tân Long", "Tân Xuân", "Nghĩa Thái", "Nghĩa Hoàn"],
    "000.73.00.H41": ["Tân An", "Nghĩa Phúc", "Hương Sơn"],
    "000.74.00.H41": ["Nghĩa Đồng", "Nghĩa Bình", "Nghĩa Hợp"],
    "000.75.00.H41": ["Giai Xuân", "Tân Hợp"],
    "000.76.00.H41": ["Nghĩa Hành", "Phú Sơn", "Tân Hương"],
    "000.77.00.H41": ["Đồng Văn", "Tiên Kỳ"],
}

# Mobile prefixes of the Vietnamese networks (Viettel, VinaPhone, MobiFone, Vietnamobile).
MOBILE_PREFIXES = [
    "086", "096", "097", "098", "032", "033", "034", "035", "036", "037", "038", "039",
    "088", "091", "094", "081", "082", "083", "084", "085",
    "089", "090", "093", "070", "076", "077", "078", "079",
    "092", "056", "058",
]  # fmt: skip
# Where the applicants' birth was registered: mostly Nghệ An (040), some neighbours.
BIRTH_PROVINCES = ["040"] * 18 + ["042", "038", "001"]

SUPPLEMENT_NOTES = [
    "Bản sao chưa được chứng thực, đề nghị bổ sung bản sao có chứng thực.",
    "Thông tin trên tờ khai chưa khớp với giấy tờ tùy thân, đề nghị khai lại.",
    "Thiếu chữ ký của người yêu cầu trên tờ khai.",
    "Cần bổ sung giấy tờ chứng minh nơi cư trú.",
]
EXTRA_PAPERS = [
    "Văn bản xác nhận của Công an xã về nơi cư trú",
    "Bản chính giấy tờ để đối chiếu",
    "Trích đo địa chính thửa đất",
    "Văn bản thỏa thuận của các đồng thừa kế",
]
REFUSAL_REASONS = [
    "Người nộp không bổ sung hồ sơ theo hướng dẫn trong thời hạn quy định.",
    "Yêu cầu không thuộc thẩm quyền giải quyết của UBND xã; đã hướng dẫn nộp tại cơ quan có thẩm quyền.",
    "Hồ sơ nộp nhầm thủ tục; đã hướng dẫn công dân nộp lại theo đúng thủ tục.",
]
APOLOGY_REASONS = [
    "Cần xác minh thêm thông tin với cơ quan liên quan.",
    "Công chức phụ trách đi công tác, chưa hoàn thành thẩm định đúng hạn.",
    "Hệ thống cơ sở dữ liệu chuyên ngành bị gián đoạn.",
    "Chờ ý kiến phối hợp của cơ quan chuyên môn cấp tỉnh.",
]
STOP_REASONS = [
    "Có tranh chấp đang được Tòa án nhân dân thụ lý giải quyết.",
    "Cơ quan có thẩm quyền yêu cầu tạm dừng để xác minh.",
]
DECLINE_REASONS = [
    "Không đủ điều kiện theo quy định của pháp luật.",
    "Kết quả xác minh cho thấy thông tin trong hồ sơ không đúng sự thật.",
]
WITHDRAW_NOTES = ["Công dân có đơn xin rút hồ sơ.", "Người nộp xin rút hồ sơ để nộp lại sau."]


# --- when ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """The demo year seen from the run day ``today``: dossiers are submitted from ``start`` to
    ``end`` (the day before ``today``) and every story stops at ``now``."""

    today: dt.date
    start: dt.date
    end: dt.date
    now: dt.datetime
    seed: int


def window(today: dt.date) -> Window:
    """The demo year for a run on ``today``: from the same date a year before (28/2 for 29/2) to
    the day before, stopping at 00:00 of ``today``; seeded by ``today``. It never starts before the
    new communes exist (the demo's desks): on earlier run days the window is shorter."""
    try:
        start = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        start = dt.date(today.year - 1, 2, 28)
    return Window(
        today=today,
        start=max(start, org_data.TWO_TIER_START),
        end=today - dt.timedelta(days=1),
        now=dt.datetime.combine(today, dt.time(), tzinfo=VN_TZ),
        seed=int(today.strftime("%Y%m%d")),
    )


# --- who applies ------------------------------------------------------------------------------------


def person_name(rng: random.Random) -> tuple[str, bool]:
    female = rng.random() < 0.5
    middle = org_data.FEMALE_MIDDLE if female else org_data.MALE_MIDDLE
    given = org_data.FEMALE_GIVEN if female else org_data.MALE_GIVEN
    return f"{rng.choice(org_data.FAMILY_NAMES)} {rng.choice(middle)} {rng.choice(given)}", female


def id_number(rng: random.Random, female: bool) -> str:
    """A valid personal identification number: province of birth, century and sex, year, serial."""
    year = rng.randint(1948, 2006)
    century = (0 if year < 2000 else 2) + (1 if female else 0)
    return f"{rng.choice(BIRTH_PROVINCES)}{century}{year % 100:02d}{rng.randint(0, 999999):06d}"


def applicant(rng: random.Random, desk_code: str, desk_name: str, online: bool) -> dict[str, str]:
    name, female = person_name(rng)
    hamlet = rng.choice(HAMLETS.get(desk_code, ["Trung tâm"]))
    place = hamlet if hamlet.startswith("Khối") else f"Xóm {rng.randint(1, 12)} {hamlet}"
    commune = desk_name[0].lower() + desk_name[1:]
    values = {
        "applicant_name": name,
        "applicant_id_number": id_number(rng, female),
        "applicant_phone": rng.choice(MOBILE_PREFIXES) + f"{rng.randint(0, 9999999):07d}",
        "applicant_address": f"{place}, {commune}, tỉnh Nghệ An",
        "applicant_email": "",
    }
    if online or rng.random() < WITH_EMAIL:
        login = "".join(
            ch for ch in fold(name).split()[-1] + fold(name).split()[0] if ch in string.ascii_lowercase
        )
        values["applicant_email"] = f"{login}{rng.randint(10, 9999)}@example.com"
    if rng.random() < REPRESENTED:
        rep, rep_female = person_name(rng)
        values["representative_name"] = rep
        values["representative_id_number"] = id_number(rng, rep_female)
    return values
