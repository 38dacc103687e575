"""Content of the procedures people use most (civil status, certification, household businesses,
social protection), overriding their field's content in :mod:`demo_data_content`.

Same rule as there: written from the laws named; generic where a detail is not certain. Demo
content: re-check against the national procedure database before showing it as authoritative.
"""

from __future__ import annotations

from decimal import Decimal

from reformdesk.catalog.demo_data_content import (
    AUTHORISATION,
    CERTIFIED,
    COPY,
    COUNCIL_FEE,
    ID_SHOWN,
    NO_FEE_DATA,
    ORIGINAL,
    WITH_ORIGINAL,
    Case,
    Paper,
    ProcedureContent,
)

_SAME_DAY = Decimal("0.5")

PROCEDURES: dict[str, ProcedureContent] = {
    # --- Hộ tịch -------------------------------------------------------------------------------
    "1.001193": ProcedureContent(
        papers=(
            Paper("Tờ khai đăng ký khai sinh theo mẫu"),
            Paper(
                "Giấy chứng sinh do cơ sở y tế cấp; nếu không có thì văn bản của người làm chứng xác nhận "
                "về việc sinh, hoặc giấy cam đoan về việc sinh"
            ),
            Paper(
                "Biên bản xác nhận việc trẻ bị bỏ rơi do cơ quan có thẩm quyền lập (trẻ bị bỏ rơi)",
                required=False,
            ),
            Paper(
                "Văn bản chứng minh việc mang thai hộ theo quy định (trẻ sinh ra do mang thai hộ)",
                required=False,
            ),
            ID_SHOWN,
            AUTHORISATION,
        ),
        conditions="Trong thời hạn 60 ngày kể từ ngày sinh con, cha hoặc mẹ có trách nhiệm đăng ký khai "
        "sinh cho con; nếu cha, mẹ không thể đăng ký thì ông, bà hoặc người thân thích khác, cá nhân, tổ "
        "chức đang nuôi dưỡng trẻ em đăng ký khai sinh cho trẻ.",
        result="Giấy khai sinh (bản chính); bản sao Giấy khai sinh nếu người yêu cầu đề nghị.",
        time_text="Ngay trong ngày tiếp nhận; hồ sơ nhận sau 15 giờ mà không giải quyết được ngay thì trả "
        "kết quả trong ngày làm việc tiếp theo.",
        fee_text="Miễn lệ phí đối với đăng ký khai sinh đúng hạn (Điều 11 Luật Hộ tịch); trường hợp khác "
        "theo mức do Hội đồng nhân dân tỉnh quy định.",
    ),
    "1.000656": ProcedureContent(
        papers=(
            Paper("Tờ khai đăng ký khai tử theo mẫu"),
            Paper("Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử do cơ quan có thẩm quyền cấp"),
            ID_SHOWN,
            AUTHORISATION,
        ),
        conditions="Trong thời hạn 15 ngày kể từ ngày có người chết, vợ, chồng hoặc con, cha, mẹ hoặc "
        "người thân thích khác của người chết có trách nhiệm đi đăng ký khai tử.",
        result="Trích lục khai tử (bản chính).",
        time_text="Ngay trong ngày tiếp nhận; trường hợp cần xác minh thì không quá 03 ngày làm việc.",
        fee_text="Miễn lệ phí đối với đăng ký khai tử đúng hạn (Điều 11 Luật Hộ tịch); trường hợp khác "
        "theo mức do Hội đồng nhân dân tỉnh quy định.",
        step_days=_SAME_DAY,
        cases=(Case("Trường hợp cần xác minh", Decimal(3)),),
    ),
    "1.000894": ProcedureContent(
        papers=(
            Paper("Tờ khai đăng ký kết hôn theo mẫu (hai bên nam, nữ có thể khai chung một tờ khai)"),
            Paper(
                "Giấy xác nhận tình trạng hôn nhân do UBND cấp xã nơi cư trú cấp (trường hợp đăng ký kết "
                "hôn không tại nơi thường trú)",
                required=False,
            ),
            ID_SHOWN,
        ),
        conditions="Nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi; việc kết hôn do nam và nữ tự nguyện quyết định; "
        "không bị mất năng lực hành vi dân sự; không thuộc trường hợp cấm kết hôn theo Điều 5 và điều kiện "
        "tại Điều 8 Luật Hôn nhân và gia đình năm 2014. Hai bên nam, nữ phải có mặt khi đăng ký kết hôn.",
        result="Giấy chứng nhận kết hôn (mỗi bên vợ, chồng 01 bản chính).",
        time_text="Ngay sau khi nhận đủ giấy tờ hợp lệ; trường hợp cần xác minh thêm điều kiện kết hôn thì "
        "không quá 05 ngày làm việc.",
        fee_text="Miễn lệ phí đối với công dân Việt Nam cư trú ở trong nước (Điều 11 Luật Hộ tịch).",
        legal_extra="Luật Hôn nhân và gia đình số 52/2014/QH13",
        step_days=_SAME_DAY,
        cases=(Case("Trường hợp cần xác minh điều kiện kết hôn", Decimal(5)),),
    ),
    "1.004873": ProcedureContent(
        papers=(
            Paper("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân theo mẫu"),
            Paper(
                "Bản án, quyết định ly hôn đã có hiệu lực hoặc trích lục khai tử (người đã có vợ, chồng "
                "nhưng đã ly hôn hoặc người kia đã chết)",
                form=COPY,
                required=False,
            ),
            ID_SHOWN,
            AUTHORISATION,
        ),
        conditions="Giấy xác nhận tình trạng hôn nhân được cấp để sử dụng vào mục đích ghi trong giấy; "
        "giấy có giá trị 06 tháng kể từ ngày cấp.",
        result="Giấy xác nhận tình trạng hôn nhân (bản chính).",
        fee_text=COUNCIL_FEE,
    ),
    "1.001022": ProcedureContent(
        papers=(
            Paper("Tờ khai đăng ký nhận cha, mẹ, con theo mẫu"),
            Paper(
                "Văn bản của cơ quan y tế, cơ quan giám định hoặc cơ quan có thẩm quyền xác nhận quan hệ "
                "cha con, mẹ con; nếu không có thì thư từ, phim ảnh, băng, đĩa, đồ dùng, vật dụng khác "
                "chứng minh quan hệ, kèm văn bản cam đoan và ít nhất hai người làm chứng"
            ),
            ID_SHOWN,
        ),
        conditions="Bên nhận và bên được nhận là cha, mẹ, con còn sống và việc nhận không có tranh chấp; "
        "các bên có mặt khi đăng ký.",
        result="Trích lục đăng ký nhận cha, mẹ, con (bản chính).",
        time_text="03 ngày làm việc kể từ ngày nhận đủ giấy tờ; trường hợp cần xác minh thì kéo dài thêm "
        "không quá 05 ngày làm việc.",
        fee_text=COUNCIL_FEE,
        step_days=Decimal(3),
        cases=(Case("Trường hợp cần xác minh", Decimal(8)),),
    ),
    "1.004859": ProcedureContent(
        papers=(
            Paper("Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch theo mẫu"),
            Paper("Giấy tờ liên quan làm căn cứ thay đổi, cải chính, bổ sung", form=WITH_ORIGINAL),
            ID_SHOWN,
        ),
        conditions="Có căn cứ xác định nội dung đăng ký hộ tịch có sai sót, hoặc thuộc trường hợp được "
        "thay đổi họ, chữ đệm, tên, xác định lại dân tộc theo Bộ luật Dân sự; người từ đủ 09 tuổi trở lên "
        "thay đổi tên phải có sự đồng ý của người đó.",
        result="Trích lục thay đổi, cải chính, bổ sung thông tin hộ tịch, xác định lại dân tộc.",
        time_text="03 ngày làm việc kể từ ngày nhận đủ giấy tờ; trường hợp cần xác minh thì kéo dài thêm "
        "không quá 03 ngày làm việc.",
        fee_text=COUNCIL_FEE,
        legal_extra="Bộ luật Dân sự năm 2015",
        step_days=Decimal(3),
        cases=(Case("Trường hợp cần xác minh", Decimal(6)),),
    ),
    "1.004837": ProcedureContent(
        papers=(
            Paper("Tờ khai đăng ký giám hộ theo mẫu"),
            Paper(
                "Văn bản cử người giám hộ (giám hộ cử) hoặc giấy tờ chứng minh điều kiện làm giám hộ đương "
                "nhiên theo Bộ luật Dân sự"
            ),
            ID_SHOWN,
        ),
        conditions="Người giám hộ đáp ứng điều kiện làm người giám hộ theo Bộ luật Dân sự năm 2015.",
        result="Trích lục đăng ký giám hộ (bản chính).",
        fee_text="Miễn lệ phí đăng ký giám hộ (Điều 11 Luật Hộ tịch).",
        legal_extra="Bộ luật Dân sự năm 2015",
    ),
    "1.004845": ProcedureContent(
        papers=(
            Paper("Tờ khai đăng ký chấm dứt giám hộ theo mẫu"),
            Paper("Giấy tờ làm căn cứ chấm dứt việc giám hộ theo Bộ luật Dân sự", form=WITH_ORIGINAL),
            ID_SHOWN,
        ),
        conditions="Thuộc một trong các trường hợp chấm dứt việc giám hộ theo Bộ luật Dân sự năm 2015.",
        result="Trích lục đăng ký chấm dứt giám hộ (bản chính).",
        fee_text=COUNCIL_FEE,
        legal_extra="Bộ luật Dân sự năm 2015",
    ),
    "2.000635": ProcedureContent(
        papers=(Paper("Tờ khai cấp bản sao trích lục hộ tịch theo mẫu"), ID_SHOWN, AUTHORISATION),
        conditions="Người yêu cầu là người được cấp giấy tờ hộ tịch hoặc người có quyền, lợi ích liên quan.",
        result="Bản sao trích lục hộ tịch hoặc bản sao Giấy khai sinh.",
        time_text="Ngay trong ngày tiếp nhận yêu cầu.",
        fee_unit="bản sao",
    ),
    "2.002516": ProcedureContent(
        papers=(
            Paper("Tờ khai đề nghị xác nhận thông tin hộ tịch theo mẫu"),
            ID_SHOWN,
            AUTHORISATION,
        ),
        result="Văn bản xác nhận thông tin hộ tịch.",
        time_text="03 ngày làm việc; trường hợp cần xác minh thì có thể kéo dài theo quy định.",
        fee_unit="trường hợp",
    ),
    "1.003583": ProcedureContent(
        papers=(
            Paper("Tờ khai đăng ký khai sinh theo mẫu"),
            Paper("Giấy chứng sinh hoặc giấy tờ thay thế Giấy chứng sinh"),
            ID_SHOWN,
        ),
        conditions="Áp dụng khi người có trách nhiệm đăng ký khai sinh có lý do khách quan không thể đến "
        "trụ sở UBND cấp xã (ốm bệnh, khuyết tật…); công chức tư pháp – hộ tịch đến tận nơi đăng ký.",
        result="Giấy khai sinh (bản chính).",
        fee_text="Miễn lệ phí đối với đăng ký khai sinh đúng hạn; trường hợp khác theo mức do Hội đồng nhân "
        "dân tỉnh quy định.",
    ),
    "1.000419": ProcedureContent(
        papers=(
            Paper("Tờ khai đăng ký khai tử theo mẫu"),
            Paper("Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử"),
        ),
        conditions="Áp dụng khi người có trách nhiệm đăng ký khai tử có lý do khách quan không thể đến trụ "
        "sở UBND cấp xã; công chức tư pháp – hộ tịch đến tận nơi đăng ký.",
        result="Trích lục khai tử (bản chính).",
        fee_text="Miễn lệ phí đối với đăng ký khai tử đúng hạn; trường hợp khác theo mức do Hội đồng nhân "
        "dân tỉnh quy định.",
    ),
    "1.000593": ProcedureContent(
        papers=(Paper("Tờ khai đăng ký kết hôn theo mẫu"), ID_SHOWN),
        conditions="Hai bên nam, nữ đáp ứng điều kiện kết hôn theo Luật Hôn nhân và gia đình; có lý do "
        "khách quan không thể đến trụ sở UBND cấp xã.",
        result="Giấy chứng nhận kết hôn (mỗi bên 01 bản chính).",
        fee_text="Miễn lệ phí đối với công dân Việt Nam cư trú ở trong nước (Điều 11 Luật Hộ tịch).",
        legal_extra="Luật Hôn nhân và gia đình số 52/2014/QH13",
    ),
    "1.004884": ProcedureContent(
        papers=(
            Paper("Tờ khai đăng ký lại khai sinh theo mẫu"),
            Paper(
                "Bản sao Giấy khai sinh cũ (nếu có) hoặc giấy tờ, tài liệu có nội dung liên quan do cơ "
                "quan có thẩm quyền cấp",
                form=COPY,
            ),
            ID_SHOWN,
        ),
        conditions="Việc khai sinh đã được đăng ký tại cơ quan có thẩm quyền của Việt Nam trước ngày "
        "01/01/2016 nhưng Sổ hộ tịch và bản chính giấy tờ hộ tịch đều bị mất.",
        result='Giấy khai sinh (bản chính) có ghi "Đăng ký lại".',
    ),
    "1.004746": ProcedureContent(
        papers=(
            Paper("Tờ khai đăng ký lại kết hôn theo mẫu"),
            Paper("Bản sao Giấy chứng nhận kết hôn cũ (nếu có)", form=COPY, required=False),
            ID_SHOWN,
        ),
        conditions="Việc kết hôn đã được đăng ký tại cơ quan có thẩm quyền của Việt Nam trước ngày "
        "01/01/2016 nhưng Sổ hộ tịch và bản chính giấy tờ hộ tịch đều bị mất; hai bên có mặt khi đăng ký.",
        result='Giấy chứng nhận kết hôn (bản chính) có ghi "Đăng ký lại".',
    ),
    "1.005461": ProcedureContent(
        papers=(
            Paper("Tờ khai đăng ký lại khai tử theo mẫu"),
            Paper("Bản sao giấy tờ liên quan đến việc khai tử trước đây (nếu có)", form=COPY, required=False),
        ),
        conditions="Việc khai tử đã được đăng ký tại cơ quan có thẩm quyền của Việt Nam trước ngày "
        "01/01/2016 nhưng Sổ hộ tịch và bản chính giấy tờ hộ tịch đều bị mất.",
        result='Trích lục khai tử (bản chính) có ghi "Đăng ký lại".',
    ),
    "1.000689": ProcedureContent(
        papers=(
            Paper("Tờ khai đăng ký khai sinh và tờ khai đăng ký nhận cha, mẹ, con theo mẫu"),
            Paper("Giấy chứng sinh hoặc giấy tờ thay thế Giấy chứng sinh"),
            Paper("Chứng cứ chứng minh quan hệ cha con hoặc mẹ con"),
            ID_SHOWN,
        ),
        conditions="Việc nhận cha, mẹ, con không có tranh chấp; các bên có mặt khi đăng ký.",
        result="Giấy khai sinh và trích lục đăng ký nhận cha, mẹ, con (bản chính).",
    ),
    "2.000986": ProcedureContent(
        papers=(
            Paper("Tờ khai đăng ký khai sinh theo mẫu"),
            Paper("Giấy chứng sinh hoặc giấy tờ thay thế Giấy chứng sinh"),
            Paper("Tờ khai thay đổi thông tin cư trú và tờ khai tham gia bảo hiểm y tế theo mẫu"),
            ID_SHOWN,
        ),
        result="Giấy khai sinh; kết quả đăng ký thường trú và thẻ bảo hiểm y tế của trẻ em dưới 6 tuổi.",
        conditions="Thủ tục liên thông: UBND cấp xã tiếp nhận một lần, chuyển hồ sơ cho cơ quan công an và "
        "cơ quan bảo hiểm xã hội.",
    ),
    "2.001023": ProcedureContent(
        papers=(
            Paper("Tờ khai đăng ký khai sinh theo mẫu"),
            Paper("Giấy chứng sinh hoặc giấy tờ thay thế Giấy chứng sinh"),
            Paper("Tờ khai tham gia bảo hiểm y tế theo mẫu"),
            ID_SHOWN,
        ),
        result="Giấy khai sinh và thẻ bảo hiểm y tế của trẻ em dưới 6 tuổi.",
        conditions="Thủ tục liên thông: UBND cấp xã tiếp nhận một lần và chuyển hồ sơ cho cơ quan bảo hiểm "
        "xã hội.",
    ),
    # --- Chứng thực ----------------------------------------------------------------------------
    "2.000815": ProcedureContent(
        papers=(
            Paper(
                "Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao (giấy tờ do cơ quan nước ngoài "
                "cấp phải được hợp pháp hóa lãnh sự, trừ trường hợp được miễn)"
            ),
            Paper("Bản sao cần chứng thực (nếu người yêu cầu tự mang theo)", form=COPY, required=False),
        ),
        conditions="Bản chính không bị tẩy xóa, sửa chữa, thêm, bớt nội dung không hợp lệ; không bị hư "
        "hỏng, cũ nát đến mức không xác định được nội dung; không thuộc các trường hợp không được chứng "
        "thực bản sao theo Nghị định số 23/2015/NĐ-CP.",
        result="Bản sao có chứng thực.",
        fee_unit="trang",
        fee_text="Từ trang thứ ba trở lên thu 1.000 đồng/trang, tối đa không quá 200.000 đồng/bản.",
        step_days=_SAME_DAY,
    ),
    "2.000884": ProcedureContent(
        papers=(
            Paper(
                "Bản chính hoặc bản sao có chứng thực giấy tờ tùy thân còn giá trị sử dụng của người yêu "
                "cầu chứng thực"
            ),
            Paper("Giấy tờ, văn bản mà người yêu cầu sẽ ký"),
        ),
        conditions="Người yêu cầu chứng thực phải ký trước mặt người thực hiện chứng thực; không chứng "
        "thực chữ ký khi người yêu cầu không nhận thức và làm chủ được hành vi của mình.",
        result="Giấy tờ, văn bản đã được chứng thực chữ ký.",
        fee_unit="trường hợp",
        step_days=_SAME_DAY,
    ),
    "2.000908": ProcedureContent(
        papers=(
            ID_SHOWN,
            Paper(
                "Giấy tờ chứng minh quan hệ với người được cấp bản chính hoặc văn bản ủy quyền (khi yêu "
                "cầu thay)",
                required=False,
            ),
        ),
        conditions="Người yêu cầu là người được cấp bản chính, hoặc người đại diện, người được ủy quyền, "
        "người thừa kế, người có quyền, lợi ích liên quan.",
        result="Bản sao từ sổ gốc.",
        fee_text=NO_FEE_DATA,
    ),
    "2.001035": ProcedureContent(
        papers=(
            Paper("Dự thảo hợp đồng, giao dịch"),
            Paper("Bản sao giấy tờ tùy thân của người yêu cầu chứng thực", form=WITH_ORIGINAL),
            Paper(
                "Bản sao Giấy chứng nhận quyền sở hữu, quyền sử dụng hoặc giấy tờ thay thế (hợp đồng, giao "
                "dịch về tài sản có đăng ký quyền sở hữu, quyền sử dụng)",
                form=WITH_ORIGINAL,
            ),
        ),
        conditions="Các bên tham gia hợp đồng, giao dịch có năng lực hành vi dân sự, tự nguyện giao kết và "
        "ký trước mặt người thực hiện chứng thực.",
        result="Hợp đồng, giao dịch đã được chứng thực.",
        time_text="Không quá 02 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
        fee_unit="hợp đồng, giao dịch",
        step_days=Decimal(2),
    ),
    "2.001019": ProcedureContent(
        papers=(
            Paper("Dự thảo di chúc"),
            Paper("Bản sao giấy tờ tùy thân của người lập di chúc", form=WITH_ORIGINAL),
            Paper(
                "Bản sao giấy chứng nhận quyền sở hữu, quyền sử dụng tài sản (di chúc liên quan đến tài sản "
                "có đăng ký)",
                form=WITH_ORIGINAL,
                required=False,
            ),
        ),
        conditions="Người lập di chúc phải tự mình yêu cầu chứng thực, không ủy quyền cho người khác; minh "
        "mẫn, sáng suốt và tự nguyện khi lập di chúc.",
        result="Di chúc đã được chứng thực.",
        time_text="Không quá 02 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
        fee_unit="di chúc",
        step_days=Decimal(2),
    ),
    "2.001016": ProcedureContent(
        papers=(
            Paper("Dự thảo văn bản từ chối nhận di sản"),
            Paper("Bản sao giấy tờ tùy thân của người từ chối nhận di sản", form=WITH_ORIGINAL),
            Paper("Trích lục khai tử hoặc giấy tờ chứng minh người để lại di sản đã chết", form=COPY),
        ),
        result="Văn bản từ chối nhận di sản đã được chứng thực.",
        fee_unit="văn bản",
    ),
    "2.001406": ProcedureContent(
        papers=(
            Paper("Dự thảo văn bản phân chia di sản"),
            Paper("Bản sao giấy tờ tùy thân của những người thừa kế", form=WITH_ORIGINAL),
            Paper("Trích lục khai tử hoặc giấy tờ chứng minh người để lại di sản đã chết", form=COPY),
            Paper("Giấy tờ chứng minh quyền sở hữu, quyền sử dụng di sản", form=WITH_ORIGINAL),
            Paper("Giấy tờ chứng minh quan hệ giữa người để lại di sản và người thừa kế", form=WITH_ORIGINAL),
        ),
        conditions="Tất cả những người thừa kế đồng ý về việc phân chia và cùng ký trước mặt người thực hiện "
        "chứng thực.",
        result="Văn bản phân chia di sản đã được chứng thực.",
        fee_unit="văn bản",
    ),
    "2.000913": ProcedureContent(
        papers=(
            Paper("Dự thảo văn bản sửa đổi, bổ sung hoặc hủy bỏ hợp đồng, giao dịch"),
            Paper("Hợp đồng, giao dịch đã được chứng thực", form=ORIGINAL),
        ),
        conditions="Có sự thỏa thuận, cam kết bằng văn bản của tất cả những người đã tham gia hợp đồng, giao "
        "dịch.",
        result="Văn bản sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch đã được chứng thực.",
        fee_unit="hợp đồng, giao dịch",
    ),
    "2.000927": ProcedureContent(
        papers=(Paper("Hợp đồng, giao dịch đã được chứng thực có lỗi sai sót"),),
        conditions="Lỗi sai sót do ghi chép, đánh máy, in trong hợp đồng, giao dịch đã được chứng thực; các "
        "bên tham gia đồng ý sửa.",
        result="Hợp đồng, giao dịch đã được sửa lỗi sai sót.",
        fee_unit="hợp đồng, giao dịch",
    ),
    "2.000942": ProcedureContent(
        papers=(ID_SHOWN,),
        conditions="Người yêu cầu là bên tham gia hợp đồng, giao dịch hoặc người có quyền, lợi ích liên "
        "quan; hợp đồng còn lưu tại UBND cấp xã.",
        result="Bản sao có chứng thực hợp đồng, giao dịch.",
        fee_unit="trang",
    ),
    "2.000992": ProcedureContent(
        papers=(
            Paper("Giấy tờ tùy thân của người dịch (xuất trình)"),
            Paper("Bản dịch đính kèm giấy tờ, văn bản cần dịch"),
        ),
        conditions="Người dịch là cộng tác viên dịch thuật của UBND cấp xã hoặc tổ chức hành nghề công chứng "
        "và chịu trách nhiệm về tính chính xác của bản dịch.",
        result="Bản dịch đã được chứng thực chữ ký người dịch.",
        fee_unit="trường hợp",
    ),
    "2.001008": ProcedureContent(
        papers=(
            Paper("Giấy tờ tùy thân của người dịch (xuất trình)"),
            Paper(
                "Bằng cử nhân ngoại ngữ trở lên về thứ tiếng nước ngoài cần dịch, hoặc bằng tốt nghiệp đại "
                "học trở lên đối với chuyên ngành được học bằng thứ tiếng đó",
                form=CERTIFIED,
            ),
            Paper("Bản dịch đính kèm giấy tờ, văn bản cần dịch"),
        ),
        conditions="Người dịch có năng lực hành vi dân sự đầy đủ và đáp ứng tiêu chuẩn người dịch theo "
        "Nghị định số 23/2015/NĐ-CP.",
        result="Bản dịch đã được chứng thực chữ ký người dịch.",
        fee_unit="trường hợp",
    ),
    # --- Hộ kinh doanh --------------------------------------------------------------------------
    "1.001612": ProcedureContent(
        result="Giấy chứng nhận đăng ký hộ kinh doanh.",
        conditions="Cá nhân, thành viên hộ gia đình là công dân Việt Nam có năng lực hành vi dân sự đầy đủ; "
        "mỗi cá nhân, thành viên hộ gia đình chỉ được đăng ký một hộ kinh doanh trên phạm vi toàn quốc; "
        "ngành, nghề không bị cấm đầu tư kinh doanh.",
    ),
    "1.001266": ProcedureContent(
        papers=(
            Paper("Thông báo về việc chấm dứt hoạt động hộ kinh doanh theo mẫu"),
            Paper("Thông báo của cơ quan thuế về việc hoàn thành nghĩa vụ thuế", form=COPY),
            AUTHORISATION,
        ),
        result="Thông báo về việc chấm dứt hoạt động hộ kinh doanh.",
    ),
    # --- Bảo trợ xã hội -------------------------------------------------------------------------
    "1.001776": ProcedureContent(
        papers=(
            Paper("Tờ khai đề nghị trợ giúp xã hội theo mẫu"),
            Paper(
                "Giấy tờ chứng minh thuộc đối tượng (giấy xác nhận khuyết tật, giấy khai sinh của trẻ em, "
                "giấy tờ về hoàn cảnh gia đình…)",
                form=WITH_ORIGINAL,
            ),
        ),
        conditions="Thuộc đối tượng bảo trợ xã hội hưởng trợ cấp xã hội hằng tháng theo Nghị định số "
        "20/2021/NĐ-CP; hồ sơ được niêm yết công khai tại trụ sở UBND cấp xã theo quy định.",
        result="Quyết định trợ cấp xã hội hằng tháng, điều chỉnh hoặc thôi hưởng trợ cấp.",
    ),
    "1.001699": ProcedureContent(
        papers=(
            Paper("Đơn đề nghị xác định, xác định lại mức độ khuyết tật theo mẫu"),
            Paper(
                "Bản sao các giấy tờ y tế chứng minh về khuyết tật (nếu có): bệnh án, giấy tờ khám, điều "
                "trị, phẫu thuật hoặc giấy tờ liên quan khác",
                form=COPY,
                required=False,
            ),
        ),
        conditions="Việc xác định mức độ khuyết tật do Hội đồng xác định mức độ khuyết tật cấp xã thực hiện "
        "bằng phương pháp quan sát trực tiếp và sử dụng bộ câu hỏi theo quy định.",
        result="Giấy xác nhận khuyết tật.",
    ),
}
