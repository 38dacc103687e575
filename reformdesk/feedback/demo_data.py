"""What the demo's citizens write about, and the answers their communes give (feedback demo)."""

from __future__ import annotations

from reformdesk.feedback.choices import Channel, Kind

# (kind, weight)
KINDS = [(Kind.PUBLIC_SERVICE, 0.45), (Kind.REGULATION, 0.25), (Kind.DOSSIER, 0.18), (Kind.OFFICIAL, 0.12)]
# (channel, weight); a case from a rating is about a dossier or an official.
CHANNELS = [
    (Channel.ONLINE, 0.34),
    (Channel.HOTLINE, 0.2),
    (Channel.IN_PERSON, 0.14),
    (Channel.BOX, 0.1),
    (Channel.EMAIL, 0.09),
    (Channel.OPEN311, 0.06),
    (Channel.RATING, 0.07),
]

# (subject, content) by kind; "{place}" is a hamlet of the commune.
TOPICS = {
    Kind.PUBLIC_SERVICE: [
        (
            "Nước sinh hoạt bị đục",
            "Nước máy ở {place} bị đục và có mùi mấy ngày nay, đề nghị xã kiểm tra trạm bơm.",
        ),
        (
            "Đèn đường không sáng",
            "Đoạn đường qua {place} mất đèn chiếu sáng hơn hai tuần, đi lại ban đêm nguy hiểm.",
        ),
        ("Rác thải chưa được thu gom", "Rác ở điểm tập kết {place} tồn đọng cả tuần chưa được thu gom."),
        (
            "Đường bê tông bị sụt lún",
            "Đường bê tông liên thôn qua {place} bị sụt lún sau mưa lớn, xe máy dễ ngã.",
        ),
        ("Cống thoát nước bị tắc", "Cống thoát nước ở {place} bị tắc, nước tràn vào nhà dân khi mưa."),
    ],
    Kind.REGULATION: [
        (
            "Hỏi về thủ tục đăng ký khai sinh",
            "Tôi muốn hỏi đăng ký khai sinh cho con ở {place} cần những giấy tờ gì.",
        ),
        (
            "Kiến nghị đơn giản hóa giấy tờ",
            "Thủ tục chứng thực còn yêu cầu nộp bản sao giấy tờ đã có trong cơ sở dữ liệu.",
        ),
        ("Hỏi về mức lệ phí", "Đề nghị xã niêm yết rõ mức lệ phí các thủ tục đất đai tại bộ phận một cửa."),
        (
            "Thời gian làm việc của bộ phận một cửa",
            "Đề nghị bộ phận một cửa làm việc sáng thứ Bảy cho người đi làm xa.",
        ),
    ],
    Kind.DOSSIER: [
        ("Hồ sơ chậm trả kết quả", "Hồ sơ của tôi đã quá ngày hẹn nhưng chưa nhận được kết quả."),
        (
            "Yêu cầu bổ sung giấy tờ nhiều lần",
            "Tôi phải đi lại nhiều lần để bổ sung giấy tờ cho cùng một hồ sơ.",
        ),
        ("Không nhận được thông báo", "Hồ sơ đã có kết quả nhưng tôi không nhận được tin nhắn thông báo."),
    ],
    Kind.OFFICIAL: [
        (
            "Thái độ của cán bộ khi tiếp dân",
            "Cán bộ tiếp nhận hồ sơ trả lời thiếu tôn trọng, không hướng dẫn rõ ràng.",
        ),
        ("Cán bộ đến muộn", "Sáng nay cán bộ đến muộn gần một giờ, người dân phải chờ lâu."),
        (
            "Cán bộ hướng dẫn chưa đầy đủ",
            "Cán bộ chỉ hướng dẫn một phần giấy tờ nên tôi phải đi lại lần hai.",
        ),
    ],
}
PLACES = ["xóm 1", "xóm 3", "xóm 5", "xóm Bãi", "thôn Đồng Tâm", "thôn Tân Lập", "bản Cồn", "khối 2"]

ANSWERS = {
    Kind.PUBLIC_SERVICE: "UBND xã đã giao bộ phận chuyên môn kiểm tra thực tế và khắc phục. Kết quả đã được "
    "thông báo cho trưởng thôn; nếu còn vướng mắc, đề nghị ông/bà liên hệ đường dây nóng của xã.",
    Kind.REGULATION: "Thủ tục và giấy tờ cần nộp đã được niêm yết tại bộ phận một cửa và trên cổng dịch vụ "
    "công. UBND xã ghi nhận kiến nghị và sẽ báo cáo cấp trên xem xét.",
    Kind.DOSSIER: "UBND xã đã kiểm tra quá trình giải quyết hồ sơ, nhắc nhở bộ phận liên quan và gửi văn bản "
    "xin lỗi đối với hồ sơ quá hạn. Kết quả đã được trả cho ông/bà.",
    Kind.OFFICIAL: "Lãnh đạo UBND xã đã làm việc với cán bộ bị phản ánh, yêu cầu kiểm điểm và chấn chỉnh tác "
    "phong, thái độ phục vụ. Cảm ơn ông/bà đã phản ánh.",
}

# The answer templates each demo commune keeps: (kind or "" for any kind, title, body).
ANSWER_TEMPLATES = [
    (
        "",
        "Cảm ơn và ghi nhận",
        "UBND xã cảm ơn ông/bà đã phản ánh. Nội dung đã được ghi nhận và giao bộ phận "
        "chuyên môn xem xét, trả lời trong thời hạn quy định.",
    ),
    (Kind.PUBLIC_SERVICE, "Đã khắc phục sự cố", ANSWERS[Kind.PUBLIC_SERVICE]),
    (Kind.REGULATION, "Hướng dẫn thủ tục", ANSWERS[Kind.REGULATION]),
    (Kind.DOSSIER, "Hồ sơ chậm, đã xin lỗi", ANSWERS[Kind.DOSSIER]),
    (Kind.OFFICIAL, "Đã chấn chỉnh cán bộ", ANSWERS[Kind.OFFICIAL]),
]
