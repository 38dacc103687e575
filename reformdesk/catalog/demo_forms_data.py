"""The blank forms (tờ khai) the demo catalog offers for download, as data a template lays out.

The civil-status forms are those of the Ministry of Justice's Circular 04/2020/TT-BTP (the
appendix forms of the Law on Civil Status), rebuilt from their published layout: the title, the
fields to fill on dotted lines, the pledge, the signature block and the notes. They are demo
content: each PDF says so in its footer, and the current form (Circular 04/2024/TT-BTP amended
some) should be checked before one is shown as authoritative. A form whose legal source is not
certain carries no "Mẫu ban hành kèm theo…" line at all.

Source strings are Vietnamese only and not translated: an official form is a Vietnamese document.
"""

from __future__ import annotations

from dataclasses import dataclass

# The line printed above a form's title, as the real forms print it.
CIVIL_STATUS_CIRCULAR = "Mẫu ban hành kèm theo Thông tư số 04/2020/TT-BTP"
DEMO_FOOTER = (
    "Bản mẫu dựng lại cho dữ liệu minh họa. Trước khi sử dụng, đối chiếu với mẫu hiện hành do cơ quan "
    "đăng ký hộ tịch cung cấp."
)


@dataclass(frozen=True)
class Blank:
    """One fill-in field: its label, the note it refers to (0 for none) and its share of the line."""

    label: str
    note: int = 0
    width: int = 1


@dataclass(frozen=True)
class Line:
    """A line of the form: fields on dotted lines, or a sentence (``blanks`` empty)."""

    blanks: tuple[Blank, ...] = ()
    text: str = ""
    bold: bool = False

    @property
    def width(self) -> int:
        """The shares of the line's blanks, added up."""
        return sum(blank.width for blank in self.blanks)


@dataclass(frozen=True)
class Party:
    """A column of a two-party form (the bride and the groom)."""

    heading: str
    signer: str


@dataclass(frozen=True)
class BlankForm:
    """A blank form: what it is called, where it comes from, and what it asks."""

    slug: str  # the file name, without ".pdf"
    title: str
    circular: str  # "" when the legal source is not certain
    addressee_note: int  # the note on "Kính gửi" (0: no note)
    lines: tuple[Line, ...]
    pledge: str
    signer: str = "Người yêu cầu"
    parties: tuple[Party, ...] = ()  # two-party forms: the rows of ``party_rows`` per party
    party_rows: tuple[Blank, ...] = ()
    copies: bool = True  # "Đề nghị cấp bản sao: Có □ Không □; số lượng: … bản"
    notes: tuple[str, ...] = ()


def field(*blanks: Blank) -> Line:
    return Line(blanks=blanks)


def text(value: str, *, bold: bool = False) -> Line:
    return Line(text=value, bold=bold)


NAME = Blank("Họ, chữ đệm, tên")
BIRTH = Blank("Ngày, tháng, năm sinh")
ETHNIC = Blank("Dân tộc")
NATIONALITY = Blank("Quốc tịch")
SEX = Blank("Giới tính")

# The requester's block and its notes, shared by every civil-status form.
REQUESTER = (
    field(Blank("Họ, chữ đệm, tên người yêu cầu")),
    field(Blank("Nơi cư trú", note=2)),
    field(Blank("Giấy tờ tùy thân", note=3)),
)
NOTE_ADDRESSEE = "Ghi rõ tên cơ quan đăng ký hộ tịch có thẩm quyền."
NOTE_RESIDENCE = (
    "Ghi theo nơi đăng ký thường trú; nếu không có nơi đăng ký thường trú thì ghi theo nơi đăng ký tạm "
    "trú; nếu không có cả hai thì ghi theo nơi đang sinh sống."
)
NOTE_ID = (
    "Ghi thông tin về giấy tờ tùy thân của người đi đăng ký: loại giấy tờ, số, cơ quan cấp, ngày cấp "
    "(ví dụ: Thẻ căn cước công dân số 040189000123 do Cục Cảnh sát quản lý hành chính về trật tự xã "
    "hội cấp ngày 10/5/2021)."
)
COMMON_NOTES = (NOTE_ADDRESSEE, NOTE_RESIDENCE, NOTE_ID)
PERSON = (
    field(NAME),
    field(BIRTH, SEX),
    field(ETHNIC, NATIONALITY),
    field(Blank("Nơi cư trú", note=2)),
    field(Blank("Giấy tờ tùy thân", note=3)),
)
PLEDGE = (
    "Tôi cam đoan nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về cam đoan "
    "của mình."
)


def registered_at(note: int) -> tuple[Line, ...]:
    """Where and when the earlier registration was made (``note`` explains the first field)."""
    return (
        field(Blank("Đã đăng ký tại", note=note)),
        field(Blank("Ngày đăng ký"), Blank("Số"), Blank("Quyển số")),
    )


NOTE_REGISTERED = "Ghi tên cơ quan đã đăng ký trước đây; nếu không nhớ rõ thì ghi theo hiểu biết của mình."

FORMS: tuple[BlankForm, ...] = (
    BlankForm(
        slug="to-khai-dang-ky-khai-sinh",
        title="TỜ KHAI ĐĂNG KÝ KHAI SINH",
        circular=CIVIL_STATUS_CIRCULAR,
        addressee_note=1,
        lines=(
            *REQUESTER,
            field(Blank("Quan hệ với người được khai sinh")),
            text("Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:", bold=True),
            field(NAME),
            field(BIRTH, Blank("ghi bằng chữ", width=2)),
            field(SEX, ETHNIC, NATIONALITY),
            field(Blank("Nơi sinh", note=4)),
            field(Blank("Quê quán")),
            field(Blank("Họ, chữ đệm, tên người mẹ")),
            field(Blank("Năm sinh", note=5), ETHNIC, NATIONALITY),
            field(Blank("Nơi cư trú", note=2)),
            field(Blank("Họ, chữ đệm, tên người cha")),
            field(Blank("Năm sinh", note=5), ETHNIC, NATIONALITY),
            field(Blank("Nơi cư trú", note=2)),
        ),
        pledge="Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật, được sự thỏa "
        "thuận nhất trí của các bên liên quan theo quy định pháp luật. Tôi chịu hoàn toàn trách nhiệm "
        "trước pháp luật về nội dung cam đoan của mình.",
        notes=(
            *COMMON_NOTES,
            "Trẻ em sinh tại cơ sở y tế thì ghi tên và địa chỉ cơ sở y tế; sinh ngoài cơ sở y tế thì ghi "
            "địa danh hành chính nơi trẻ em sinh ra.",
            "Chỉ khai nếu có thông tin về cha, mẹ; để trống phần không có thông tin.",
        ),
    ),
    BlankForm(
        slug="to-khai-dang-ky-ket-hon",
        title="TỜ KHAI ĐĂNG KÝ KẾT HÔN",
        circular=CIVIL_STATUS_CIRCULAR,
        addressee_note=1,
        lines=(),
        parties=(Party("Bên nữ", "Bên nữ"), Party("Bên nam", "Bên nam")),
        party_rows=(
            NAME,
            BIRTH,
            ETHNIC,
            NATIONALITY,
            Blank("Nơi cư trú", note=2),
            Blank("Giấy tờ tùy thân", note=3),
            Blank("Kết hôn lần thứ mấy"),
        ),
        pledge="Chúng tôi cam đoan những lời khai trên đây là đúng sự thật, việc kết hôn của chúng tôi là "
        "tự nguyện, không vi phạm quy định của Luật Hôn nhân và gia đình Việt Nam. Chúng tôi chịu trách "
        "nhiệm trước pháp luật về cam đoan của mình.",
        notes=COMMON_NOTES,
    ),
    BlankForm(
        slug="to-khai-dang-ky-khai-tu",
        title="TỜ KHAI ĐĂNG KÝ KHAI TỬ",
        circular=CIVIL_STATUS_CIRCULAR,
        addressee_note=1,
        lines=(
            *REQUESTER,
            field(Blank("Quan hệ với người đã chết")),
            text("Đề nghị cơ quan đăng ký khai tử cho người có tên dưới đây:", bold=True),
            *PERSON[:3],
            field(Blank("Nơi cư trú cuối cùng", note=2)),
            field(Blank("Giấy tờ tùy thân", note=3)),
            field(Blank("Đã chết vào lúc (giờ, phút, ngày, tháng, năm)")),
            field(Blank("Nơi chết", note=4)),
            field(Blank("Nguyên nhân chết")),
            field(Blank("Số Giấy báo tử hoặc giấy tờ thay thế", width=2), Blank("Ngày cấp")),
            field(Blank("Cơ quan cấp")),
        ),
        pledge=PLEDGE,
        notes=(
            *COMMON_NOTES,
            "Chết tại cơ sở y tế thì ghi tên và địa chỉ cơ sở y tế; chết ngoài cơ sở y tế thì ghi địa "
            "danh hành chính nơi người đó chết.",
        ),
    ),
    BlankForm(
        slug="to-khai-cap-giay-xac-nhan-tinh-trang-hon-nhan",
        title="TỜ KHAI CẤP GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN",
        circular=CIVIL_STATUS_CIRCULAR,
        addressee_note=1,
        lines=(
            *REQUESTER,
            field(Blank("Quan hệ với người được cấp Giấy xác nhận tình trạng hôn nhân")),
            text("Đề nghị cấp Giấy xác nhận tình trạng hôn nhân cho người có tên dưới đây:", bold=True),
            *PERSON,
            field(Blank("Trong thời gian cư trú tại", note=4)),
            field(Blank("từ ngày, tháng, năm"), Blank("đến ngày, tháng, năm")),
            field(Blank("Tình trạng hôn nhân", note=5)),
            field(Blank("Mục đích sử dụng Giấy xác nhận tình trạng hôn nhân", note=6)),
        ),
        pledge=PLEDGE,
        copies=False,
        notes=(
            *COMMON_NOTES,
            "Chỉ khai khi đề nghị xác nhận tình trạng hôn nhân trong thời gian cư trú trước đây.",
            "Ghi rõ: chưa đăng ký kết hôn với ai; đang có vợ/chồng (họ tên, số giấy chứng nhận kết hôn); "
            "hoặc đã đăng ký kết hôn nhưng đã ly hôn hay người kia đã chết.",
            "Ghi rõ mục đích sử dụng, ví dụ: để đăng ký kết hôn (ghi họ tên, năm sinh, nơi cư trú của "
            "người dự định kết hôn), để mua bán nhà, vay vốn ngân hàng…",
        ),
    ),
    BlankForm(
        slug="to-khai-cap-ban-sao-trich-luc-ho-tich",
        title="TỜ KHAI CẤP BẢN SAO TRÍCH LỤC HỘ TỊCH",
        circular=CIVIL_STATUS_CIRCULAR,
        addressee_note=1,
        lines=(
            *REQUESTER,
            field(Blank("Quan hệ với người được cấp bản sao trích lục hộ tịch")),
            field(Blank("Đề nghị cấp bản sao trích lục hộ tịch về", note=4)),
            text("cho người có tên dưới đây:", bold=True),
            field(NAME),
            field(BIRTH, SEX),
            field(ETHNIC, NATIONALITY),
            *registered_at(5),
            field(Blank("Số lượng bản sao đề nghị cấp")),
        ),
        pledge=PLEDGE,
        copies=False,
        notes=(
            *COMMON_NOTES,
            "Ghi rõ việc hộ tịch đã đăng ký: khai sinh, kết hôn, khai tử, nhận cha, mẹ, con, giám hộ…",
            NOTE_REGISTERED,
        ),
    ),
    BlankForm(
        slug="to-khai-dang-ky-lai-khai-sinh",
        title="TỜ KHAI ĐĂNG KÝ LẠI KHAI SINH",
        circular=CIVIL_STATUS_CIRCULAR,
        addressee_note=1,
        lines=(
            *REQUESTER,
            field(Blank("Quan hệ với người được đăng ký lại khai sinh")),
            text("Đề nghị cơ quan đăng ký lại khai sinh cho người dưới đây:", bold=True),
            field(NAME),
            field(BIRTH, Blank("ghi bằng chữ", width=2)),
            field(SEX, ETHNIC, NATIONALITY),
            field(Blank("Nơi sinh")),
            field(Blank("Quê quán")),
            field(Blank("Họ, chữ đệm, tên người mẹ")),
            field(Blank("Năm sinh"), ETHNIC, NATIONALITY),
            field(Blank("Họ, chữ đệm, tên người cha")),
            field(Blank("Năm sinh"), ETHNIC, NATIONALITY),
            field(Blank("Đã đăng ký khai sinh tại", note=4)),
            field(Blank("ngày, tháng, năm đăng ký")),
        ),
        pledge="Tôi cam đoan những nội dung khai trên đây là đúng sự thật; việc khai sinh đã được đăng ký "
        "nhưng sổ hộ tịch và bản chính giấy tờ hộ tịch đều bị mất. Tôi chịu trách nhiệm trước pháp luật "
        "về cam đoan của mình.",
        notes=(*COMMON_NOTES, NOTE_REGISTERED),
    ),
    BlankForm(
        slug="to-khai-dang-ky-lai-ket-hon",
        title="TỜ KHAI ĐĂNG KÝ LẠI KẾT HÔN",
        circular=CIVIL_STATUS_CIRCULAR,
        addressee_note=1,
        lines=(
            field(Blank("Đã đăng ký kết hôn tại", note=4)),
            field(Blank("ngày, tháng, năm đăng ký")),
        ),
        parties=(Party("Bên nữ", "Bên nữ"), Party("Bên nam", "Bên nam")),
        party_rows=(
            NAME,
            BIRTH,
            ETHNIC,
            NATIONALITY,
            Blank("Nơi cư trú", note=2),
            Blank("Giấy tờ tùy thân", note=3),
        ),
        pledge="Chúng tôi cam đoan những nội dung khai trên đây là đúng sự thật; việc kết hôn đã được "
        "đăng ký nhưng sổ hộ tịch và bản chính giấy tờ hộ tịch đều bị mất. Chúng tôi chịu trách nhiệm "
        "trước pháp luật về cam đoan của mình.",
        notes=(*COMMON_NOTES, NOTE_REGISTERED),
    ),
    BlankForm(
        slug="to-khai-dang-ky-lai-khai-tu",
        title="TỜ KHAI ĐĂNG KÝ LẠI KHAI TỬ",
        circular=CIVIL_STATUS_CIRCULAR,
        addressee_note=1,
        lines=(
            *REQUESTER,
            field(Blank("Quan hệ với người đã chết")),
            text("Đề nghị cơ quan đăng ký lại khai tử cho người có tên dưới đây:", bold=True),
            field(NAME),
            field(BIRTH, SEX),
            field(ETHNIC, NATIONALITY),
            field(Blank("Đã chết ngày, tháng, năm"), Blank("Nơi chết")),
            field(Blank("Đã đăng ký khai tử tại", note=4)),
            field(Blank("ngày, tháng, năm đăng ký")),
        ),
        pledge="Tôi cam đoan những nội dung khai trên đây là đúng sự thật; việc khai tử đã được đăng ký "
        "nhưng sổ hộ tịch và bản chính giấy tờ hộ tịch đều bị mất. Tôi chịu trách nhiệm trước pháp luật "
        "về cam đoan của mình.",
        notes=(*COMMON_NOTES, NOTE_REGISTERED),
    ),
    BlankForm(
        slug="to-khai-dang-ky-nhan-cha-me-con",
        title="TỜ KHAI ĐĂNG KÝ NHẬN CHA, MẸ, CON",
        circular=CIVIL_STATUS_CIRCULAR,
        addressee_note=1,
        lines=(
            *REQUESTER,
            text("Đề nghị cơ quan công nhận người có tên dưới đây:", bold=True),
            *PERSON,
            field(Blank("Quan hệ với người yêu cầu", note=4)),
        ),
        pledge="Tôi cam đoan việc nhận cha, mẹ, con nêu trên là đúng sự thật, tự nguyện, không có tranh "
        "chấp và chịu trách nhiệm trước pháp luật về cam đoan của mình.",
        signer="Người nhận",
        notes=(*COMMON_NOTES, "Ghi rõ quan hệ: cha, mẹ hoặc con."),
    ),
    BlankForm(
        slug="to-khai-dang-ky-thay-doi-cai-chinh-bo-sung-thong-tin-ho-tich",
        title="TỜ KHAI ĐĂNG KÝ THAY ĐỔI, CẢI CHÍNH, BỔ SUNG THÔNG TIN HỘ TỊCH",
        circular=CIVIL_STATUS_CIRCULAR,
        addressee_note=1,
        lines=(
            *REQUESTER,
            field(Blank("Quan hệ với người được thay đổi, cải chính, bổ sung")),
            text(
                "Đề nghị cơ quan đăng ký việc thay đổi, cải chính, bổ sung thông tin hộ tịch cho người "
                "có tên dưới đây:",
                bold=True,
            ),
            field(NAME),
            field(BIRTH, SEX),
            field(ETHNIC, NATIONALITY),
            field(Blank("Nơi cư trú", note=2)),
            *registered_at(4),
            field(Blank("Nội dung đề nghị", note=5)),
            field(Blank("")),
            field(Blank("Lý do")),
        ),
        pledge=PLEDGE,
        notes=(
            *COMMON_NOTES,
            NOTE_REGISTERED,
            "Ghi rõ nội dung thay đổi, cải chính hoặc bổ sung: thông tin cũ và thông tin mới.",
        ),
    ),
    BlankForm(
        slug="to-khai-dang-ky-giam-ho",
        title="TỜ KHAI ĐĂNG KÝ GIÁM HỘ",
        circular=CIVIL_STATUS_CIRCULAR,
        addressee_note=1,
        lines=(
            *REQUESTER,
            text("Đề nghị cơ quan đăng ký việc giám hộ giữa:", bold=True),
            text("Người giám hộ:"),
            *PERSON,
            text("Người được giám hộ:"),
            *PERSON,
            field(Blank("Loại giám hộ", note=4)),
        ),
        pledge="Tôi cam đoan những nội dung khai trên đây là đúng sự thật, người giám hộ có đủ điều kiện "
        "làm giám hộ theo quy định của Bộ luật Dân sự và chịu trách nhiệm trước pháp luật về cam đoan của "
        "mình.",
        signer="Người giám hộ",
        notes=(*COMMON_NOTES, "Ghi rõ: giám hộ đương nhiên hoặc giám hộ cử."),
    ),
    BlankForm(
        slug="to-khai-dang-ky-cham-dut-giam-ho",
        title="TỜ KHAI ĐĂNG KÝ CHẤM DỨT GIÁM HỘ",
        circular=CIVIL_STATUS_CIRCULAR,
        addressee_note=1,
        lines=(
            *REQUESTER,
            text("Đề nghị cơ quan đăng ký chấm dứt việc giám hộ giữa:", bold=True),
            text("Người giám hộ:"),
            field(NAME),
            field(BIRTH, Blank("Giấy tờ tùy thân", note=3)),
            text("Người được giám hộ:"),
            field(NAME),
            field(BIRTH, Blank("Giấy tờ tùy thân", note=3)),
            field(Blank("Đã đăng ký giám hộ tại")),
            field(Blank("Ngày đăng ký"), Blank("Số")),
            field(Blank("Lý do chấm dứt giám hộ")),
        ),
        pledge=PLEDGE,
        notes=COMMON_NOTES,
    ),
)

FORMS_BY_SLUG = {form.slug: form for form in FORMS}

# Files holding more than one form (a paper that names two).
BUNDLES: dict[str, tuple[str, ...]] = {
    "to-khai-dang-ky-khai-sinh-va-nhan-cha-me-con": (
        "to-khai-dang-ky-khai-sinh",
        "to-khai-dang-ky-nhan-cha-me-con",
    ),
}

# Demo paper name → the file (a form's slug, or a bundle) offered for it.
PAPER_FORMS: dict[str, str] = {
    "Tờ khai đăng ký khai sinh theo mẫu": "to-khai-dang-ky-khai-sinh",
    "Tờ khai đăng ký kết hôn theo mẫu": "to-khai-dang-ky-ket-hon",
    "Tờ khai đăng ký kết hôn theo mẫu (hai bên nam, nữ có thể khai chung một tờ khai)": (
        "to-khai-dang-ky-ket-hon"
    ),
    "Tờ khai đăng ký khai tử theo mẫu": "to-khai-dang-ky-khai-tu",
    "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân theo mẫu": "to-khai-cap-giay-xac-nhan-tinh-trang-hon-nhan",
    "Tờ khai cấp bản sao trích lục hộ tịch theo mẫu": "to-khai-cap-ban-sao-trich-luc-ho-tich",
    "Tờ khai đăng ký lại khai sinh theo mẫu": "to-khai-dang-ky-lai-khai-sinh",
    "Tờ khai đăng ký lại kết hôn theo mẫu": "to-khai-dang-ky-lai-ket-hon",
    "Tờ khai đăng ký lại khai tử theo mẫu": "to-khai-dang-ky-lai-khai-tu",
    "Tờ khai đăng ký nhận cha, mẹ, con theo mẫu": "to-khai-dang-ky-nhan-cha-me-con",
    "Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch theo mẫu": (
        "to-khai-dang-ky-thay-doi-cai-chinh-bo-sung-thong-tin-ho-tich"
    ),
    "Tờ khai đăng ký giám hộ theo mẫu": "to-khai-dang-ky-giam-ho",
    "Tờ khai đăng ký chấm dứt giám hộ theo mẫu": "to-khai-dang-ky-cham-dut-giam-ho",
    "Tờ khai đăng ký khai sinh và tờ khai đăng ký nhận cha, mẹ, con theo mẫu": (
        "to-khai-dang-ky-khai-sinh-va-nhan-cha-me-con"
    ),
}
