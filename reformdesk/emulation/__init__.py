"""Yearly evaluation of officials, their training records, and emulation and reward (issue 16).

Why one app and not three: the three share one year and one chain of consequences. The
classification an official gets (evaluation) is the first condition of every individual emulation
title (Law 06/2022/QH15: "Lao động tiên tiến" needs "Hoàn thành tốt nhiệm vụ" or better), and the
training an official attended is evidence in that evaluation. Split apart, ``emulation`` would read
``evaluation`` and ``evaluation`` would read ``training`` through three routers, three nav groups and
three seeds of the same year's data; together they are one domain — the reform's consequences for a
person — that no other app imports (DESIGN.md §3: nothing imports ``emulation``). The modules are
split inside the app (``models/training.py``, ``models/evaluation.py``, ``selectors/prefill.py``…)
so that each stays small.

Legal basis followed (what the product must track; the rules are data rows per year, so a new
decree means new rows, not new code):

- Evaluation and classification of civil servants (công chức): Decree 335/2025/NĐ-CP of 21/12/2025
  "quy định về đánh giá, xếp loại chất lượng đối với cơ quan hành chính nhà nước và công chức",
  issued under the Law on Cadres and Civil Servants 80/2025/QH15 (in force 1/7/2025, Chapter IV
  section 3 on evaluation), in force from 1/1/2026. It scores a civil servant on 100 points — general
  criteria up to 30, results of assigned work up to 70, followed monthly or quarterly — and
  classifies the year: "Hoàn thành xuất sắc nhiệm vụ" from 90 points, "Hoàn thành tốt nhiệm vụ" from
  70 to under 90, "Hoàn thành nhiệm vụ" from 50 to under 70, "Không hoàn thành nhiệm vụ" under 50 (or
  on the listed disqualifying grounds). Those rated excellent may not exceed 20% of those rated
  "Hoàn thành tốt nhiệm vụ" in the same unit and group of similar tasks. Art. 21: the yearly
  classification is done before 15 December (by 15 January of the next year for the special cases).
  Unconfirmed: the article numbers of the point bands and of the 20% quota (read from press
  summaries, not from the gazette text), and whether Decree 335 formally repeals Decree 90/2020/NĐ-CP
  as amended by Decree 48/2023/NĐ-CP for civil servants or only supersedes it for them; Decree
  90/2020 (4 levels, no points) is taken to remain the rule for public employees (viên chức) and
  elected cadres — unconfirmed. The 2026 rows seeded by migration 0002 follow Decree 335.
- Training: the required yearly hours per role are data (``TrainingRequirement``). The 2026 seed
  uses 40 hours (one week) for every role, the minimum commonly cited from Decree 101/2017/NĐ-CP on
  training civil servants as amended by Decree 89/2021/NĐ-CP — unconfirmed (article not checked, nor
  whether a 2025 decree replaced it); a province sets its own rows.
- Emulation and reward (for the titles that later work adds): Law on Emulation and Commendation
  06/2022/QH15 (in force 1/1/2024) and its implementing Decree 98/2023/NĐ-CP. Confirmed from the law's
  text as published: "Lao động tiên tiến" requires "Hoàn thành tốt nhiệm vụ" or better. Unconfirmed
  (to be checked against the gazette before the titles are seeded): "Chiến sĩ thi đua cơ sở" requires
  "Hoàn thành xuất sắc nhiệm vụ" plus an initiative, with at most 15% of those titled "Lao động tiên
  tiến" (Decree 98/2023); the collective titles' conditions.
"""
