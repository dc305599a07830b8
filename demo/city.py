"""The city of the demo (Thành phố Hà Nội, a city tenant above the communes) and a second,
smaller commune, xã Hồng Vân: five units, twenty people, an ad hoc round with one shortlisted
candidate, a council term and a session on that round, and two logins (`hongvan_admin`,
`hongvan_vhxh`). The city's emulation board has the login `thanhpho`, and one dossier from
Thượng Phúc waits for its review: an ad hoc round proposing a person for the Bằng khen of
the Chủ tịch UBND thành phố, sent to the city inside the portal.

Hồng Vân's rows are written inside its scope (`tenancy.within`), so each row takes its
commune; Thượng Phúc's outside any scope, as the steps before this one."""

from __future__ import annotations

import datetime
import random
from collections import Counter

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from awards.services import city as city_services
from council.models import CouncilTerm, SessionMode, VotingMethod
from council.services import sessions, terms
from demo import council as demo_council
from demo import nominations as demo_data
from demo import units as base
from nominations.models import AwardLevel, Nomination, Round, SubjectType
from nominations.services import eligibility, proposals, rounds, workflow
from thiduaportal import tenancy
from thiduaportal.roles import Role
from units.models import Cadre, CadreCategory, Commune, CommuneKind, Membership, Sex, Unit, UnitKind, User
from units.services import create_cadre

CITY = {
    "name": "Thành phố Hà Nội",
    "place_name": "Hà Nội",
    "province": "Thành phố Hà Nội",
    "authority_name": "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
    "chairman_name": "Trần Sỹ Thanh",
    "kind": CommuneKind.CITY,
    "code": "ha-noi",
    "address": "12 Lê Lai, phường Hoàn Kiếm, Thành phố Hà Nội",
}
CITY_BOARD = "Ban Thi đua – Khen thưởng thành phố"
HONG_VAN = {
    "name": "xã Hồng Vân",
    "place_name": "Hồng Vân",
    "province": "Thành phố Hà Nội",
    "authority_name": "ỦY BAN NHÂN DÂN XÃ HỒNG VÂN",
    "chairman_name": "Nguyễn Văn Hải",
    "code": "hong-van",
    "address": "Thôn Tự Nhiên, xã Hồng Vân, Thành phố Hà Nội",
}
HV_UBND = "Ủy ban nhân dân xã Hồng Vân"
HV_VP = "Văn phòng HĐND và UBND"
HV_VHXH = "Phòng Văn hóa – Xã hội"
HV_KT = "Phòng Kinh tế"
HV_SCHOOL = "Trường Tiểu học Hồng Vân"
HV_UNITS = (
    (HV_UBND, "UBND", UnitKind.AUTHORITY, None),
    (HV_VP, "VP", UnitKind.DEPARTMENT, HV_UBND),
    (HV_VHXH, "VHXH", UnitKind.DEPARTMENT, HV_UBND),
    (HV_KT, "PKT", UnitKind.DEPARTMENT, HV_UBND),
    (HV_SCHOOL, "THHV", UnitKind.SCHOOL, None),
)
# (name, sex, year of birth, position, unit, category)
HV_PEOPLE = (
    ("Nguyễn Văn Hải", Sex.MALE, 1972, "Chủ tịch UBND xã", HV_UBND, CadreCategory.CAN_BO),
    ("Trần Thị Lan", Sex.FEMALE, 1978, "Phó Chủ tịch UBND xã", HV_UBND, CadreCategory.CAN_BO),
    ("Lê Văn Minh", Sex.MALE, 1981, "Chánh Văn phòng", HV_VP, CadreCategory.CONG_CHUC),
    ("Phạm Thị Thu", Sex.FEMALE, 1990, "Chuyên viên", HV_VP, CadreCategory.CONG_CHUC),
    ("Hoàng Văn Đức", Sex.MALE, 1986, "Chuyên viên", HV_VP, CadreCategory.CONG_CHUC),
    ("Vũ Thị Hằng", Sex.FEMALE, 1983, "Trưởng phòng", HV_VHXH, CadreCategory.CONG_CHUC),
    ("Đỗ Thị Mai", Sex.FEMALE, 1992, "Chuyên viên", HV_VHXH, CadreCategory.CONG_CHUC),
    ("Bùi Văn Long", Sex.MALE, 1988, "Chuyên viên", HV_VHXH, CadreCategory.CONG_CHUC),
    ("Ngô Văn Tùng", Sex.MALE, 1979, "Trưởng phòng", HV_KT, CadreCategory.CONG_CHUC),
    ("Đặng Thị Hoa", Sex.FEMALE, 1991, "Chuyên viên", HV_KT, CadreCategory.CONG_CHUC),
    ("Dương Văn Nam", Sex.MALE, 1994, "Chuyên viên", HV_KT, CadreCategory.CONG_CHUC),
    ("Lý Thị Ngọc", Sex.FEMALE, 1980, "Hiệu trưởng", HV_SCHOOL, CadreCategory.VIEN_CHUC),
    ("Trịnh Văn Quang", Sex.MALE, 1984, "Phó Hiệu trưởng", HV_SCHOOL, CadreCategory.VIEN_CHUC),
    ("Mai Thị Hương", Sex.FEMALE, 1987, "Giáo viên", HV_SCHOOL, CadreCategory.VIEN_CHUC),
    ("Đinh Thị Yến", Sex.FEMALE, 1989, "Giáo viên", HV_SCHOOL, CadreCategory.VIEN_CHUC),
    ("Cao Văn Sơn", Sex.MALE, 1993, "Giáo viên", HV_SCHOOL, CadreCategory.VIEN_CHUC),
    ("Phan Thị Thảo", Sex.FEMALE, 1995, "Giáo viên", HV_SCHOOL, CadreCategory.VIEN_CHUC),
    ("Tạ Thị Loan", Sex.FEMALE, 1985, "Giáo viên", HV_SCHOOL, CadreCategory.VIEN_CHUC),
    ("Lưu Văn Thắng", Sex.MALE, 1990, "Giáo viên", HV_SCHOOL, CadreCategory.VIEN_CHUC),
    ("Kiều Thị Nhàn", Sex.FEMALE, 1976, "Nhân viên", HV_SCHOOL, CadreCategory.NGUOI_LAO_DONG),
)
# username, role, unit, full name
HV_USERS = (
    ("hongvan_admin", Role.ADMIN, HV_VP, "Phạm Thị Thu"),
    ("hongvan_vhxh", Role.VHXH_OFFICER, HV_VHXH, "Đỗ Thị Mai"),
)
CITY_USERS = (("thanhpho", Role.CITY_OFFICER, CITY_BOARD, "Nguyễn Thị Thanh Hà"),)
HV_ROUND = "Khen thưởng đột xuất năm 2026 – xã Hồng Vân"
HV_TERM = "Hội đồng Thi đua – Khen thưởng xã Hồng Vân nhiệm kỳ 2025–2030"
FORWARD_ROUND = "Đề nghị Chủ tịch UBND Thành phố tặng Bằng khen năm 2026"
FORWARD_ACT = {
    "time": "Năm học 2025–2026",
    "description": "Hai năm liền hoàn thành xuất sắc nhiệm vụ, có sáng kiến được công nhận và áp "
    "dụng hiệu quả trong phạm vi thành phố.",
}
FORWARD_SUBJECT = (base.TTHCC, "Giám đốc")


def seed(rng: random.Random, created: Counter, found: Counter) -> None:
    """Write the city, its officer, xã Hồng Vân and the dossier Thượng Phúc sent the city;
    what is already there is left as it is."""
    home = Commune.objects.lone()
    if home is None:
        return
    city, made = Commune.objects.get_or_create(name=CITY["name"], kind=CommuneKind.CITY, defaults=CITY)
    (created if made else found)["cities"] += 1
    if home.parent_id is None:
        home.parent = city
        home.code = home.code or "thuong-phuc"
        home.save(update_fields=["parent", "code"])
    password = make_password(base.DEMO_PASSWORD)
    with tenancy.within(city):
        board = _units(((CITY_BOARD, "BTĐKT", UnitKind.DEPARTMENT, None),), created, found)
        _users(CITY_USERS, board, password, "hanoi", created, found)
    hong_van, made = Commune.objects.get_or_create(
        name=HONG_VAN["name"], defaults={**HONG_VAN, "parent": city}
    )
    (created if made else found)["communes"] += 1
    with tenancy.within(hong_van):
        units = _units(HV_UNITS, created, found)
        _people(units, created, found)
        _users(HV_USERS, units, password, "hongvan", created, found)
        _hong_van_council(units, rng, created, found)
    _forwarded_dossier(home, rng, created, found)


def _units(specs, created: Counter, found: Counter) -> dict[str, Unit]:
    units = {u.name: u for u in Unit.objects.filter(name__in=[s[0] for s in specs])}
    for name, short, kind, parent in specs:
        made = name not in units
        if made:
            units[name] = Unit.objects.create(
                name=name, short_name=short, kind=kind, parent=units[parent] if parent else None
            )
        (created if made else found)["units"] += 1
    return units


def _people(units: dict[str, Unit], created: Counter, found: Counter) -> None:
    existing = set(Cadre.objects.values_list("full_name", flat=True))
    for name, sex, year, position, unit, category in HV_PEOPLE:
        if name in existing:
            found["people"] += 1
            continue
        create_cadre(
            actor=None,
            start_date=base.FORMED,
            full_name=name,
            sex=sex,
            date_of_birth=datetime.date(year, 3 + len(name) % 9, 1 + len(name) % 27),
            position=position,
            category=category,
            unit=units[unit],
        )
        created["people"] += 1


def _users(specs, units: dict[str, Unit], password: str, domain: str, created, found) -> None:
    for username, role, unit, full_name in specs:
        if User.objects.filter(username=username).exists():
            found["users"] += 1
            continue
        user = User.objects.create(
            username=username, full_name=full_name, email=f"{username}@{domain}.invalid", password=password
        )
        Membership.objects.create(user=user, unit=units[unit], role=role)
        created["users"] += 1


def _hong_van_council(units: dict[str, Unit], rng: random.Random, created: Counter, found: Counter) -> None:
    """Hồng Vân's ad hoc round with one candidate shortlisted, its council and a session."""
    if CouncilTerm.objects.filter(title=HV_TERM).exists():
        found["council terms"] += 1
        return
    office = User.objects.get(username="hongvan_vhxh")
    chair = User.objects.get(username="hongvan_admin")
    round_ = demo_council.adhoc_round(HV_ROUND, 2026, office)
    created["rounds"] += 1
    rounds.open_round(round_, actor=office)
    giay_khen = round_.award_forms.get(code="giay-khen-chu-tich")
    proposal = demo_data.demo_proposal(round_, units[HV_SCHOOL], office, rng, created)
    nomination = demo_data.demo_nomination(
        proposal, "Giáo viên", giay_khen, office, summary=demo_data.SUMMARY
    )
    _play(nomination, office, shortlist=True)
    demo_council.to_council(round_, office)
    term = terms.create_term(
        actor=chair,
        title=HV_TERM,
        starts_on=base.FORMED,
        decision_number="18/QĐ-UBND",
        decision_date=datetime.date(2025, 7, 20),
    )
    for user, role in ((chair, "chair"), (office, "standing")):
        terms.add_member(term, actor=chair, user=user, role=role, joined_on=base.FORMED, unit=units[HV_VHXH])
    created["council terms"] += 1
    tomorrow = timezone.localdate() + datetime.timedelta(days=2)
    sessions.create_session(
        round_,
        actor=office,
        term=term,
        title="Phiên họp xét khen thưởng đột xuất năm 2026",
        meets_at=timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(14, 0))),
        place="Hội trường UBND xã Hồng Vân",
        mode=SessionMode.BOTH,
        method=VotingMethod.SECRET,
    )
    created["council sessions"] += 1


def _play(nomination: Nomination, office: User, *, shortlist: bool) -> None:
    demo_council.complete_report(nomination, office, FORWARD_ACT)
    demo_council.attach_dossier(nomination, office)
    workflow.submit_nomination(nomination, actor=office)
    failed = [check.code for check in eligibility.run_checks(nomination) if check.blocking]
    workflow.accept_nomination(
        nomination, actor=office, justifications=dict.fromkeys(failed, demo_data.JUSTIFICATION)
    )
    if shortlist:
        workflow.shortlist_nomination(nomination, actor=office)


def _forwarded_dossier(home: Commune, rng: random.Random, created: Counter, found: Counter) -> None:
    """Thượng Phúc proposes the head of its public-service centre for the city's Bằng khen
    and sends the dossier to the city, where it waits for `thanhpho`."""
    if Round.objects.filter(commune=home, title=FORWARD_ROUND).exists():
        found["submissions to the city"] += 1
        return
    office = User.objects.filter(username="vhxh").first()
    if office is None or not Unit.objects.filter(commune=home, name=FORWARD_SUBJECT[0]).exists():
        return
    round_ = propose_for_city(FORWARD_ROUND, *FORWARD_SUBJECT, office=office, rng=rng, created=created)
    with tenancy.within(home):
        city_services.submit_to_city(round_, actor=office)
    created["submissions to the city"] += 1


def propose_for_city(
    title: str, unit_name: str, position: str, *, office: User, rng: random.Random, created: Counter
) -> Round:
    """An open ad hoc round of the commune in which the office accepted one person of
    `unit_name` (the first active holder of `position`) for the city's Bằng khen: ready to
    be sent to the city."""
    with tenancy.within(office.commune_id):
        return _propose(title, unit_name, position, office=office, rng=rng, created=created)


def _propose(title, unit_name, position, *, office: User, rng: random.Random, created: Counter) -> Round:
    unit = Unit.objects.get(name=unit_name)
    round_ = demo_council.adhoc_round(title, 2026, office)
    created["rounds"] += 1
    rounds.open_round(round_, actor=office)
    city_award = round_.award_forms.filter(level=AwardLevel.CITY).order_by("pk").first()
    clerk = User.objects.filter(username=base.CLERKS.get(unit.name, "")).first() or office
    proposal = demo_data.demo_proposal(round_, unit, clerk, rng, created)
    cadre = Cadre.objects.active().filter(unit=unit, position=position).order_by("pk").first()
    nomination = proposals.add_nomination(
        proposal,
        actor=clerk,
        award_form=city_award,
        summary=demo_data.SUMMARY,
        subject_type=SubjectType.INDIVIDUAL,
        subject_cadre=cadre,
    )
    _play(nomination, office, shortlist=False)
    created["nominations"] += 1
    return round_
