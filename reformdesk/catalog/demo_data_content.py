"""Full content of the demo catalog's main procedures: papers, conditions, results, legal basis.

Written from the laws named here (Luật Hộ tịch 2014 and Decree 123/2015/NĐ-CP, Decree 23/2015/NĐ-CP
on certification, the Land Law 2024, the Ordinance on people with meritorious service…). Where a
detail could not be stated with confidence the text stays generic ("theo mẫu", "theo quyết định
công bố") rather than name a form number or an article. Demo content: re-check it against the
national procedure database before showing it to citizens as authoritative.

Every procedure of a field in :data:`FIELD_CONTENT` gets the field's content;
``demo_data_procedures.PROCEDURES`` overrides it for the procedures people use most.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

ORIGINAL, CERTIFIED, COPY, WITH_ORIGINAL = "original", "certified_copy", "copy", "copy_with_original"


@dataclass(frozen=True)
class Paper:
    name: str
    form: str = ORIGINAL
    quantity: int = 1
    required: bool = True


@dataclass(frozen=True)
class Case:
    """A sub-case with its own time limit, e.g. when verification is needed."""

    name: str
    time_limit_days: Decimal


@dataclass(frozen=True)
class FieldContent:
    applicants: tuple[str, ...]
    legal_basis: str
    conditions: str
    result: str
    papers: tuple[Paper, ...]
    specialist: str  # who assesses the dossier at the commune
    fee_text: str  # when the reference data gives no fee
    time_text: str = ""  # when the reference data gives no time limit in working days
    multi_level: bool = False  # the commune receives; a provincial body decides (long procedures)


@dataclass(frozen=True)
class ProcedureContent:
    papers: tuple[Paper, ...] = ()
    conditions: str = ""
    result: str = ""
    time_text: str = ""
    fee_text: str = ""
    fee_unit: str = ""
    legal_extra: str = ""
    applicants: tuple[str, ...] = ()
    # Working days for the step template when the reference data has no time limit but the text
    # above states one (e.g. "ngay trong ngày" → 0.5).
    step_days: Decimal | None = None
    cases: tuple[Case, ...] = field(default_factory=tuple)


ID_SHOWN = Paper(
    "Giấy tờ tùy thân của người yêu cầu (thẻ căn cước, hộ chiếu hoặc giấy tờ khác có ảnh, "
    "còn giá trị sử dụng) — xuất trình, hoặc khai thác từ Cơ sở dữ liệu quốc gia về dân cư"
)
AUTHORISATION = Paper("Văn bản ủy quyền (trường hợp ủy quyền thực hiện thủ tục)", required=False)
FOREIGN_PAPERS = Paper(
    "Giấy tờ do cơ quan có thẩm quyền nước ngoài cấp, đã được hợp pháp hóa lãnh sự (trừ trường hợp "
    "được miễn) và dịch sang tiếng Việt",
    form=CERTIFIED,
)

DECIDED_AS_PUBLISHED = "Theo quyết định công bố thủ tục hành chính."
NO_FEE_DATA = "Dữ liệu tham chiếu không ghi mức phí, lệ phí; xem quyết định công bố thủ tục."
COUNCIL_FEE = "Theo mức do Hội đồng nhân dân tỉnh quy định."

HOTICH_BASIS = (
    "Luật Hộ tịch số 60/2014/QH13; Nghị định số 123/2015/NĐ-CP của Chính phủ quy định chi tiết một số "
    "điều và biện pháp thi hành Luật Hộ tịch; Thông tư số 04/2020/TT-BTP của Bộ Tư pháp; Thông tư số "
    "85/2019/TT-BTC hướng dẫn về phí và lệ phí thuộc thẩm quyền quyết định của Hội đồng nhân dân tỉnh"
)
CHUNGTHUC_BASIS = (
    "Nghị định số 23/2015/NĐ-CP của Chính phủ về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản "
    "chính, chứng thực chữ ký và chứng thực hợp đồng, giao dịch; Thông tư số 01/2020/TT-BTP của Bộ Tư "
    "pháp; Thông tư số 226/2016/TT-BTC của Bộ Tài chính quy định về phí chứng thực"
)

HOTICH = FieldContent(
    applicants=("citizen",),
    legal_basis=HOTICH_BASIS,
    conditions="Người yêu cầu đăng ký hộ tịch khai đúng sự thật và nộp đủ giấy tờ theo quy định.",
    result="Giấy tờ hộ tịch hoặc trích lục hộ tịch (bản chính) theo yêu cầu.",
    papers=(Paper("Tờ khai theo mẫu quy định"), ID_SHOWN, AUTHORISATION),
    specialist="Công chức Tư pháp – Hộ tịch",
    fee_text=COUNCIL_FEE + " Miễn lệ phí trong các trường hợp quy định tại Điều 11 Luật Hộ tịch.",
    time_text="Theo Luật Hộ tịch và Nghị định số 123/2015/NĐ-CP; cơ sở dữ liệu quốc gia không ghi "
    "thời hạn theo ngày làm việc.",
)

FIELD_CONTENT: dict[str, FieldContent] = {
    "Hộ tịch": HOTICH,
    "Chứng thực": FieldContent(
        applicants=("citizen", "foreigner", "organisation"),
        legal_basis=CHUNGTHUC_BASIS,
        conditions="Người yêu cầu chứng thực chịu trách nhiệm về nội dung, tính hợp lệ, hợp pháp của "
        "giấy tờ, văn bản yêu cầu chứng thực.",
        result="Giấy tờ, văn bản đã được chứng thực.",
        papers=(ID_SHOWN, Paper("Giấy tờ, văn bản yêu cầu chứng thực")),
        specialist="Công chức Tư pháp – Hộ tịch",
        fee_text="Theo mức thu phí chứng thực do Bộ Tài chính quy định.",
        time_text="Trong ngày tiếp nhận yêu cầu hoặc ngày làm việc tiếp theo nếu tiếp nhận sau 15 giờ.",
    ),
    "Đất đai": FieldContent(
        applicants=("citizen", "household", "organisation"),
        legal_basis="Luật Đất đai số 31/2024/QH15; Nghị định số 101/2024/NĐ-CP và Nghị định số "
        "102/2024/NĐ-CP của Chính phủ quy định chi tiết thi hành Luật Đất đai",
        conditions="Thửa đất không có tranh chấp, không bị kê biên để bảo đảm thi hành án và việc sử dụng "
        "đất phù hợp quy hoạch, kế hoạch sử dụng đất theo quy định của pháp luật đất đai.",
        result="Quyết định, Giấy chứng nhận hoặc văn bản giải quyết của cơ quan có thẩm quyền; văn bản "
        "trả lời nêu rõ lý do nếu không giải quyết.",
        papers=(
            Paper("Đơn đề nghị hoặc văn bản đề nghị theo mẫu quy định"),
            Paper(
                "Giấy chứng nhận đã cấp hoặc giấy tờ về quyền sử dụng đất (nếu có)",
                form=WITH_ORIGINAL,
                required=False,
            ),
            Paper("Sơ đồ, trích lục bản đồ địa chính thửa đất (nếu có)", form=COPY, required=False),
            AUTHORISATION,
        ),
        specialist="Công chức Địa chính – Xây dựng – Nông nghiệp – Môi trường",
        fee_text=COUNCIL_FEE + " Nghĩa vụ tài chính về đất đai (nếu có) theo thông báo của cơ quan thuế.",
    ),
    "Tài chính đất đai": FieldContent(
        applicants=("citizen", "household", "organisation"),
        legal_basis="Luật Đất đai số 31/2024/QH15 và các nghị định của Chính phủ quy định về thu tiền "
        "sử dụng đất, tiền thuê đất",
        conditions="Thuộc trường hợp được áp dụng theo quy định của pháp luật về thu tiền sử dụng đất.",
        result="Văn bản, quyết định của cơ quan có thẩm quyền về nghĩa vụ tài chính đất đai.",
        papers=(
            Paper("Đơn đề nghị theo mẫu quy định"),
            Paper("Giấy tờ chứng minh thuộc trường hợp được áp dụng", form=WITH_ORIGINAL),
        ),
        specialist="Công chức Tài chính – Kế toán",
        fee_text="Không có phí, lệ phí riêng cho thủ tục này trong dữ liệu tham chiếu.",
    ),
    "Hoạt động xây dựng": FieldContent(
        applicants=("citizen", "household", "organisation", "enterprise"),
        legal_basis="Luật Xây dựng số 50/2014/QH13, được sửa đổi, bổ sung bởi Luật số 62/2020/QH14; các "
        "nghị định của Chính phủ hướng dẫn về giấy phép xây dựng và quản lý dự án đầu tư xây dựng",
        conditions="Công trình phù hợp quy hoạch, mục đích sử dụng đất; bảo đảm an toàn cho công trình và "
        "công trình lân cận, yêu cầu về môi trường, phòng cháy, chữa cháy và hạ tầng kỹ thuật.",
        result="Giấy phép xây dựng hoặc văn bản kết quả thẩm định; văn bản trả lời nêu rõ lý do nếu "
        "không cấp.",
        papers=(
            Paper("Đơn đề nghị theo mẫu quy định"),
            Paper(
                "Bản sao một trong những giấy tờ chứng minh quyền sử dụng đất theo pháp luật về đất đai",
                form=CERTIFIED,
            ),
            Paper(
                "Bản vẽ thiết kế xây dựng (mặt bằng, mặt cắt, mặt đứng, móng, sơ đồ đấu nối hạ tầng)",
                quantity=2,
            ),
        ),
        specialist="Công chức Địa chính – Xây dựng – Nông nghiệp – Môi trường",
        fee_text=COUNCIL_FEE,
    ),
    "Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)": FieldContent(
        applicants=("citizen", "household"),
        legal_basis="Luật Doanh nghiệp số 59/2020/QH14; nghị định của Chính phủ về đăng ký doanh nghiệp "
        "(các quy định về hộ kinh doanh)",
        conditions="Ngành, nghề đăng ký kinh doanh không bị cấm đầu tư kinh doanh; tên hộ kinh doanh không "
        "trùng với tên hộ kinh doanh đã đăng ký trên địa bàn; hồ sơ hợp lệ và nộp đủ lệ phí.",
        result="Giấy chứng nhận đăng ký hộ kinh doanh, hoặc thông báo yêu cầu sửa đổi, bổ sung hồ sơ.",
        papers=(
            Paper("Giấy đề nghị theo mẫu quy định"),
            Paper(
                "Bản sao giấy tờ pháp lý của cá nhân là chủ hộ kinh doanh, thành viên hộ gia đình", form=COPY
            ),
            Paper(
                "Biên bản họp thành viên hộ gia đình về việc đăng ký hộ kinh doanh (trường hợp các thành "
                "viên hộ gia đình cùng đăng ký)",
                required=False,
            ),
            AUTHORISATION,
        ),
        specialist="Công chức Tài chính – Kế toán",
        fee_text="Lệ phí đăng ký hộ kinh doanh theo mức do Hội đồng nhân dân tỉnh quy định.",
        time_text="Theo quy định về đăng ký hộ kinh doanh; cơ sở dữ liệu quốc gia không ghi thời hạn theo "
        "ngày làm việc.",
    ),
    "Bảo trợ xã hội": FieldContent(
        applicants=("citizen",),
        legal_basis="Nghị định số 20/2021/NĐ-CP của Chính phủ quy định chính sách trợ giúp xã hội đối với "
        "đối tượng bảo trợ xã hội; Luật Người khuyết tật số 51/2010/QH12",
        conditions="Thuộc đối tượng hưởng chính sách trợ giúp xã hội theo quy định.",
        result="Quyết định của Chủ tịch UBND cấp xã (hoặc cơ quan có thẩm quyền) về việc hưởng, điều chỉnh "
        "hoặc thôi hưởng chính sách; văn bản trả lời nêu rõ lý do nếu không giải quyết.",
        papers=(
            Paper("Tờ khai hoặc đơn đề nghị theo mẫu quy định"),
            Paper(
                "Giấy tờ chứng minh thuộc đối tượng hưởng chính sách (giấy xác nhận khuyết tật, "
                "giấy tờ về hoàn cảnh gia đình…)",
                form=WITH_ORIGINAL,
            ),
        ),
        specialist="Công chức Văn hóa – Xã hội",
        fee_text="Không thu phí, lệ phí đối với hồ sơ trợ giúp xã hội.",
    ),
    "Người có công": FieldContent(
        applicants=("citizen",),
        legal_basis="Pháp lệnh Ưu đãi người có công với cách mạng số 02/2020/UBTVQH14; Nghị định số "
        "131/2021/NĐ-CP của Chính phủ quy định chi tiết và biện pháp thi hành Pháp lệnh",
        conditions="Thuộc đối tượng và đủ điều kiện hưởng chế độ ưu đãi theo Pháp lệnh Ưu đãi người có "
        "công với cách mạng.",
        result="Quyết định giải quyết chế độ, giấy chứng nhận hoặc văn bản của cơ quan có thẩm quyền; "
        "văn bản trả lời nêu rõ lý do nếu không giải quyết.",
        papers=(
            Paper("Bản khai hoặc đơn đề nghị theo mẫu quy định"),
            Paper(
                "Giấy tờ làm căn cứ xác nhận đối tượng và chế độ ưu đãi",
                form=WITH_ORIGINAL,
            ),
        ),
        specialist="Công chức Văn hóa – Xã hội",
        fee_text="Không thu phí, lệ phí đối với hồ sơ ưu đãi người có công.",
        multi_level=True,
    ),
    "Nuôi con nuôi": FieldContent(
        applicants=("citizen", "foreigner"),
        legal_basis="Luật Nuôi con nuôi số 52/2010/QH12; Nghị định số 19/2011/NĐ-CP của Chính phủ, được "
        "sửa đổi, bổ sung bởi Nghị định số 24/2019/NĐ-CP",
        conditions="Người nhận con nuôi và trẻ em được nhận làm con nuôi đáp ứng điều kiện của Luật Nuôi "
        "con nuôi; việc nuôi con nuôi bảo đảm lợi ích tốt nhất của trẻ em.",
        result="Giấy chứng nhận nuôi con nuôi hoặc trích lục, văn bản xác nhận theo yêu cầu.",
        papers=(
            Paper("Đơn hoặc tờ khai theo mẫu quy định"),
            Paper("Giấy tờ về người nhận con nuôi và trẻ em được nhận làm con nuôi", form=WITH_ORIGINAL),
            ID_SHOWN,
        ),
        specialist="Công chức Tư pháp – Hộ tịch",
        fee_text=NO_FEE_DATA,
    ),
    "Trẻ em": FieldContent(
        applicants=("citizen", "household", "organisation"),
        legal_basis="Luật Trẻ em số 102/2016/QH13; Nghị định số 56/2017/NĐ-CP của Chính phủ quy định chi "
        "tiết Luật Trẻ em",
        conditions="Bảo đảm lợi ích tốt nhất của trẻ em; ý kiến của trẻ em được xem xét phù hợp với độ "
        "tuổi và mức độ trưởng thành theo quy định của Luật Trẻ em.",
        result="Quyết định hoặc văn bản của Chủ tịch UBND cấp xã.",
        papers=(
            Paper("Đơn, tờ khai hoặc văn bản đề nghị theo mẫu quy định"),
            Paper("Giấy tờ liên quan đến trẻ em và người đề nghị", form=WITH_ORIGINAL),
        ),
        specialist="Công chức Văn hóa – Xã hội",
        fee_text="Không thu phí, lệ phí.",
    ),
    "Hòa giải ở cơ sở": FieldContent(
        applicants=("citizen", "organisation"),
        legal_basis="Luật Hòa giải ở cơ sở số 35/2013/QH13; Nghị định số 15/2014/NĐ-CP của Chính phủ quy "
        "định chi tiết Luật Hòa giải ở cơ sở",
        conditions="Đáp ứng tiêu chuẩn, điều kiện theo quy định của Luật Hòa giải ở cơ sở.",
        result="Quyết định của Chủ tịch UBND cấp xã hoặc văn bản giải quyết.",
        papers=(
            Paper("Văn bản đề nghị của Trưởng ban công tác Mặt trận hoặc đơn đề nghị theo mẫu"),
            Paper("Giấy tờ chứng minh (biên bản, hóa đơn, chứng từ) nếu có", required=False),
        ),
        specialist="Công chức Tư pháp – Hộ tịch",
        fee_text="Không thu phí, lệ phí.",
    ),
}
