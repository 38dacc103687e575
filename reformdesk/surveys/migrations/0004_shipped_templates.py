"""The questionnaire templates ReformDesk ships: SIPAS, the survey of citizens about officials, and a
commune reform-index survey. A unit's reform officer copies one and adapts it.

SIPAS's structure is the Ministry of Home Affairs': five elements of the service (access to the
service; the administrative procedure; the official who handled it; the result; receiving and
handling comments, reports and complaints), each measured by the citizen's assessment, their
satisfaction and their expectation (Decision 2640/QĐ-BNV of 10/10/2017 approving the scheme
"Đo lường sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước
giai đoạn 2017–2025"; the method of Decision 1001/QĐ-BNV of 11/12/2023 for 2023–2026). The
published questionnaires word their questions per procedure and per year: we could not read them
in full, so EVERY QUESTION'S WORDING BELOW IS OURS, written to ask each element's three contents in
plain words; only the five elements and the three contents come from the sources.
"""

from django.db import migrations

LIKERT = [
    ("1", "Rất không hài lòng", "Very dissatisfied", False),
    ("2", "Không hài lòng", "Dissatisfied", False),
    ("3", "Bình thường", "Neither satisfied nor dissatisfied", False),
    ("4", "Hài lòng", "Satisfied", True),
    ("5", "Rất hài lòng", "Very satisfied", True),
]
YES_NO = [("yes", "Có", "Yes", False), ("no", "Không", "No", False)]

# (element, section title vi, en, assessment question vi, en, expectation options)
SIPAS_ELEMENTS = [
    (
        "access",
        "Tiếp cận dịch vụ",
        "Access to the service",
        "Nơi tiếp nhận hồ sơ có đủ chỗ ngồi, dễ tìm và có hướng dẫn rõ ràng không?",
        "Was the reception place easy to find, with enough seats and clear guidance?",
    ),
    (
        "procedure",
        "Thủ tục hành chính",
        "The administrative procedure",
        "Thủ tục, giấy tờ phải nộp và mức phí có được niêm yết công khai, đúng như Ông/Bà phải thực hiện không?",
        "Were the procedure, the papers and the fee posted publicly, as you had to follow them?",
    ),
    (
        "official",
        "Công chức trực tiếp giải quyết công việc",
        "The official who handled the case",
        "Công chức có lịch sự, hướng dẫn tận tình và không gây phiền hà, nhũng nhiễu không?",
        "Was the official polite and helpful, without causing trouble or asking for favours?",
    ),
    (
        "result",
        "Kết quả giải quyết thủ tục hành chính",
        "The result",
        "Ông/Bà có nhận kết quả đúng hẹn và kết quả có thông tin chính xác không?",
        "Did you receive the result on time, with correct information?",
    ),
    (
        "complaints",
        "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị",
        "Receiving and handling comments and complaints",
        "Ông/Bà có góp ý, phản ánh hoặc kiến nghị với cơ quan về việc giải quyết thủ tục này không?",
        "Did you comment on or complain about how this procedure was handled?",
    ),
]
SIPAS_EXPECTATIONS = [
    ("faster", "Rút ngắn thời gian giải quyết", "Shorter handling time"),
    ("fewer_papers", "Giảm giấy tờ phải nộp", "Fewer papers to submit"),
    ("online", "Làm được nhiều hơn qua mạng", "More done online"),
    ("attitude", "Thái độ phục vụ tốt hơn", "Better attitude of officials"),
    ("information", "Thông tin, hướng dẫn rõ ràng hơn", "Clearer information and guidance"),
]

OFFICIAL_ASPECTS = [
    ("attitude", "Thái độ, tác phong của cán bộ", "The official's attitude and manner"),
    ("competence", "Năng lực, sự thành thạo chuyên môn của cán bộ", "The official's competence"),
    ("timeliness", "Sự đúng hẹn, kịp thời của cán bộ", "The official's timeliness"),
    ("integrity", "Sự liêm chính, không gây phiền hà, nhũng nhiễu", "The official's integrity"),
]

REFORM_INDEX_ROWS = [
    ("publicity", "Công khai thủ tục, phí, lệ phí", "Publication of procedures and fees"),
    ("one_stop", "Hoạt động của Bộ phận Một cửa", "The one-stop desk"),
    ("online", "Dịch vụ công trực tuyến", "Online public services"),
    ("discipline", "Kỷ luật, kỷ cương của cán bộ xã", "Discipline of the commune's officials"),
    ("feedback", "Tiếp nhận, trả lời phản ánh, kiến nghị", "Answering feedback"),
]


def _question(Q, C, version, section, order, key, kind, text_vi, text_en, *, measure="other", required=True,
              options=(), rows=(), max_length=None, min_value=None, max_value=None):
    question = Q.objects.create(
        version=version, section=section, order=order, key=key, kind=kind, measure=measure, text_vi=text_vi,
        text_en=text_en, required=required, max_length=max_length, min_value=min_value, max_value=max_value,
    )
    for role, items in (("option", options), ("row", rows)):
        for position, item in enumerate(items, start=1):
            value, vi, en = item[0], item[1], item[2]
            satisfied = item[3] if len(item) > 3 else False
            C.objects.create(question=question, role=role, order=position, value=value, text_vi=vi, text_en=en,
                             satisfied=satisfied)
    return question


def _template(apps, slug, kind, title_vi, title_en):
    Questionnaire = apps.get_model("surveys", "Questionnaire")
    Version = apps.get_model("surveys", "QuestionnaireVersion")
    if Questionnaire.objects.filter(slug=slug).exists():
        return None  # kept as it is: a shipped template is never rewritten in place
    questionnaire = Questionnaire.objects.create(
        slug=slug, kind=kind, title_vi=title_vi, title_en=title_en, is_template=True, status="draft"
    )
    return Version.objects.create(questionnaire=questionnaire, number=1)


def seed(apps, schema_editor):
    Section = apps.get_model("surveys", "Section")
    Q = apps.get_model("surveys", "Question")
    C = apps.get_model("surveys", "Choice")

    version = _template(
        apps, "mau-sipas", "sipas", "Khảo sát sự hài lòng về sự phục vụ hành chính (SIPAS)",
        "Satisfaction with administrative services (SIPAS)",
    )
    if version is not None:
        order = 0
        for position, (element, title_vi, title_en, assess_vi, assess_en) in enumerate(SIPAS_ELEMENTS, start=1):
            section = Section.objects.create(
                version=version, order=position, title_vi=title_vi, title_en=title_en, element=element
            )
            order += 1
            assessment = _question(Q, C, version, section, order, f"{element}-assessment", "yes_no", assess_vi,
                                   assess_en, measure="assessment", options=YES_NO)
            order += 1
            satisfaction = _question(
                Q, C, version, section, order, f"{element}-satisfaction", "likert",
                f"Ông/Bà hài lòng thế nào về yếu tố “{title_vi.lower()}”?",
                f"How satisfied are you with “{title_en.lower()}”?", measure="satisfaction", options=LIKERT,
            )
            if element == "complaints":
                # Asked only of those who did comment or complain.
                satisfaction.condition_question = assessment
                satisfaction.save(update_fields=["condition_question"])
                satisfaction.condition_choices.set(C.objects.filter(question=assessment, value="yes"))
            order += 1
            _question(
                Q, C, version, section, order, f"{element}-expectation", "multiple",
                f"Về “{title_vi.lower()}”, Ông/Bà mong cơ quan cải thiện điều gì?",
                f"About “{title_en.lower()}”, what should the office improve?", measure="expectation",
                required=False, options=SIPAS_EXPECTATIONS,
            )
        section = Section.objects.create(version=version, order=len(SIPAS_ELEMENTS) + 1, title_vi="Ý kiến khác",
                                         title_en="Other comments")
        _question(Q, C, version, section, order + 1, "comment", "text", "Ông/Bà có góp ý gì thêm?",
                  "Anything else you would like to say?", required=False, max_length=1000)

    version = _template(
        apps, "mau-can-bo", "officials", "Khảo sát người dân về cán bộ, công chức",
        "Citizens' survey about officials",
    )
    if version is not None:
        section = Section.objects.create(version=version, order=1, title_vi="Cán bộ đã phục vụ Ông/Bà",
                                         title_en="The official who served you", element="official")
        _question(Q, C, version, section, 1, "official", "official", "Cán bộ nào đã trực tiếp phục vụ Ông/Bà?",
                  "Which official served you?")
        for order, (key, vi, en) in enumerate(OFFICIAL_ASPECTS, start=2):
            _question(Q, C, version, section, order, key, "likert", f"{vi}: Ông/Bà hài lòng thế nào?",
                      f"{en}: how satisfied are you?", measure="satisfaction", options=LIKERT)
        _question(Q, C, version, section, len(OFFICIAL_ASPECTS) + 2, "overall", "likert",
                  "Nhìn chung, Ông/Bà hài lòng thế nào về cán bộ này?",
                  "Overall, how satisfied are you with this official?", measure="satisfaction", options=LIKERT)
        _question(Q, C, version, section, len(OFFICIAL_ASPECTS) + 3, "comment", "text",
                  "Ý kiến của Ông/Bà về cán bộ này", "Your comments about this official", required=False,
                  max_length=1000)

    version = _template(
        apps, "mau-chi-so-cchc-xa", "reform_index", "Điều tra xã hội học chỉ số cải cách hành chính cấp xã",
        "Commune reform-index survey",
    )
    if version is not None:
        section = Section.objects.create(version=version, order=1, title_vi="Đánh giá công tác cải cách hành chính",
                                         title_en="The commune's administrative reform")
        _question(Q, C, version, section, 1, "visits", "number",
                  "Trong 12 tháng qua, Ông/Bà đến UBND xã giải quyết công việc bao nhiêu lần?",
                  "How many times did you visit the commune office in the last 12 months?", min_value=0,
                  max_value=365)
        _question(Q, C, version, section, 2, "aspects", "matrix",
                  "Ông/Bà hài lòng thế nào về từng nội dung sau?", "How satisfied are you with each of these?",
                  measure="satisfaction", options=LIKERT, rows=REFORM_INDEX_ROWS)
        _question(Q, C, version, section, 3, "comment", "text", "Ông/Bà có kiến nghị gì với UBND xã?",
                  "What do you suggest to the commune?", required=False, max_length=1000)


def unseed(apps, schema_editor):
    Questionnaire = apps.get_model("surveys", "Questionnaire")
    Questionnaire.objects.filter(
        slug__in=["mau-sipas", "mau-can-bo", "mau-chi-so-cchc-xa"], is_template=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("surveys", "0003_questionnaires")]

    operations = [migrations.RunPython(seed, unseed)]
