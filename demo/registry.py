"""Demo past awards for xã Thượng Phúc: awards of 2023–2025 from the paper registers of
the former communes (Thượng Phúc was formed on 01/7/2025 from Tân Minh, Dũng Tiến, Quất
Động, Nghiêm Xuyên and Nguyễn Trãi) and of the new commune's first months, imported
through the same importer and checks as an Excel file. People are the demo's own, found by
unit and position; some are nominated in the 2026 round, so their achievement reports list
these awards in section III. The third demo step, before the 2026 round.
"""

from __future__ import annotations

import datetime

from awards.imports import IMPORTER, check_rows
from awards.models import Award, AwardSource
from demo import units as base
from units.models import Cadre, User

GIAY_KHEN = "Giấy khen của Chủ tịch UBND xã"
# (subject: "unit" or the position of the first holder, unit at the time, unit of the holder
# today, position printed, award, year, number, date, issuer, achievement, book number)
PAST = (
    ("Hiệu trưởng", "Trường THCS Dũng Tiến", "Trường THCS Dũng Tiến", "Hiệu trưởng", GIAY_KHEN, 2023,
     "152/QĐ-UBND", datetime.date(2023, 12, 22), "Chủ tịch UBND xã Dũng Tiến",
     "Đã có thành tích xuất sắc trong công tác giáo dục năm học 2022–2023", "31"),
    ("unit", "Trường Tiểu học Nguyễn Trãi", "", "", GIAY_KHEN, 2023,
     "148/QĐ-UBND", datetime.date(2023, 12, 20), "Chủ tịch UBND xã Nguyễn Trãi",
     "Đã có thành tích xuất sắc trong phong trào thi đua “Dạy tốt – Học tốt” năm học 2022–2023", "12"),
    ("Giám đốc", base.VP, base.TTHCC, "Công chức Văn phòng – Thống kê", GIAY_KHEN, 2024,
     "187/QĐ-UBND", datetime.date(2024, 12, 24), "Chủ tịch UBND xã Quất Động",
     "Đã có thành tích xuất sắc trong công tác cải cách hành chính năm 2024", "44"),
    ("unit", "Trạm Y tế xã Thượng Phúc", "", "", GIAY_KHEN, 2024,
     "186/QĐ-UBND", datetime.date(2024, 12, 24), "Chủ tịch UBND xã Quất Động",
     "Đã có thành tích xuất sắc trong công tác phòng, chống dịch bệnh năm 2024", "43"),
    ("Chánh Văn phòng", base.VP, base.VP, "Chánh Văn phòng", "Giấy khen của Chủ tịch UBND huyện Thường Tín",
     2024, "5120/QĐ-UBND", datetime.date(2024, 12, 26), "Chủ tịch UBND huyện Thường Tín",
     "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2024", ""),
    ("Chủ tịch Hội", "Hội Liên hiệp Phụ nữ xã Thượng Phúc", "Hội Liên hiệp Phụ nữ xã Thượng Phúc",
     "Chủ tịch Hội Phụ nữ", GIAY_KHEN, 2024, "28/QĐ-UBND", datetime.date(2025, 3, 5),
     "Chủ tịch UBND xã Nghiêm Xuyên",
     "Đã có thành tích xuất sắc trong phong trào thi đua “Phụ nữ tích cực học tập, lao động sáng tạo, xây "
     "dựng gia đình hạnh phúc” năm 2024", "9"),
    ("Bí thư Đoàn", "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã Thượng Phúc",
     "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã Thượng Phúc", "Bí thư Đoàn", GIAY_KHEN, 2025,
     "41/QĐ-UBND", datetime.date(2025, 5, 20), "Chủ tịch UBND xã Tân Minh",
     "Đã có thành tích xuất sắc trong tổ chức Tháng Thanh niên năm 2025", "15"),
    ("unit", base.TTHCC, "", "", GIAY_KHEN, 2025,
     "96/QĐ-UBND", datetime.date(2025, 8, 18), "Chủ tịch UBND xã Thượng Phúc",
     "Đã có thành tích xuất sắc trong vận hành Trung tâm Phục vụ hành chính công sau sắp xếp đơn vị hành "
     "chính năm 2025", "1"),
    ("unit", base.KT, "", "", GIAY_KHEN, 2025,
     "96/QĐ-UBND", datetime.date(2025, 8, 18), "Chủ tịch UBND xã Thượng Phúc",
     "Đã có thành tích xuất sắc trong thực hiện sắp xếp đơn vị hành chính năm 2025", "2"),
    ("Hiệu trưởng", "Trường Mầm non Hòa Bình", "Trường Mầm non Hòa Bình", "Hiệu trưởng", GIAY_KHEN, 2025,
     "96/QĐ-UBND", datetime.date(2025, 8, 18), "Chủ tịch UBND xã Thượng Phúc",
     "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm học 2024 - 2025", "3"),
)  # fmt: skip


def _rows() -> list[dict]:
    """The past awards as cells of the import sheet, for the people the demo has."""
    rows = []
    for subject, unit, holder_unit, position, award, year, number, date, issuer, achievement, book in PAST:
        cells = {
            "unit": unit,
            "position": position,
            "award": award,
            "year": year,
            "decision_number": number,
            "decision_date": date,
            "issuer": issuer,
            "achievement": achievement,
            "book_number": book,
        }
        if subject == "unit":
            rows.append({**cells, "subject": "Tập thể"})
            continue
        cadre = Cadre.objects.filter(unit__name=holder_unit, position=subject).order_by("pk").first()
        if cadre is not None:
            rows.append(
                {
                    **cells,
                    "subject": "Cá nhân",
                    "full_name": cadre.full_name,
                    "date_of_birth": cadre.date_of_birth,
                }
            )
    return rows


def seed_past_awards(actor) -> int:
    """Import the demo's past awards as the office would from Excel (same checks, same
    service); return how many were imported. Leaves an earlier import as it is."""
    numbers = {line[6] for line in PAST}
    if Award.objects.filter(source=AwardSource.IMPORTED, decision_number__in=numbers).exists():
        return 0
    result = check_rows(_rows(), user=actor)
    if not result.ok:
        problems = "; ".join(f"row {e.row}, {e.column}: {e.message}" for e in result.errors)
        raise ValueError(f"the demo's past awards do not pass the import checks: {problems}")
    return IMPORTER.import_(result, actor=actor)


def seed(rng, created, found) -> None:
    """Import the past awards as the office, before the demo round so its reports list them."""
    office = User.objects.filter(username="vhxh").first()
    if office is None:
        return
    count = seed_past_awards(office)
    if count:
        created["past awards"] += count
    else:
        found["past awards"] += Award.objects.filter(source=AwardSource.IMPORTED).count()
