"""Submissions to the city: a commune sends a round's city-award dossiers inside the portal
(every file copied, every candidate frozen), the city returns them with a reason, the
commune sends a new version, the city accepts and records its decision, and the award lands
in the commune's registry and the person's history. Each side sees its own submissions
only: another city's officer and another commune's office get 404."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from awards.city_models import CitySubmission, CitySubmissionFile, CitySubmissionLine, SubmissionState
from awards.models import Award, AwardSource
from awards.services import city as services
from awards.services import registry
from nominations.services import forwarding
from tests.factories import CommuneFactory, MembershipFactory, UnitFactory, UserFactory
from tests.factories.city import make_city, make_city_officer
from thiduaportal import tenancy

pytestmark = pytest.mark.django_db
DECIDED_ON = datetime.date(2026, 12, 1)


@pytest.fixture
def city(commune):
    made = make_city()
    commune.parent = made
    commune.code = "an-binh"
    commune.save()
    return made


@pytest.fixture
def city_officer(city):
    return make_city_officer(city)


@pytest.fixture
def sent(city, city_round, vhxh_officer):
    return services.submit_to_city(city_round, actor=vhxh_officer)


@pytest.fixture
def stranger_city_officer(db):
    return make_city_officer(make_city("Thành phố Hải Phòng", code="hai-phong"), username="haiphong")


@pytest.fixture
def stranger_commune_officer(city):
    other = CommuneFactory(name="xã Hồng Vân", place_name="Hồng Vân", code="hong-van", parent=city)
    user = UserFactory(username="hongvan")
    MembershipFactory(user=user, unit=UnitFactory(commune=other, name="Phòng Văn hóa – Xã hội"), role="vhxh")
    return user


def _decide(submission, actor, **changes):
    arguments = {
        "number": "1234/QĐ-UBND",
        "date": DECIDED_ON,
        "signer": "Trần Sỹ Thanh",
        "award_name": "Bằng khen của Chủ tịch UBND thành phố Hà Nội",
        "line_ids": list(submission.lines.values_list("pk", flat=True)),
    }
    return services.record_decision(submission, actor=actor, **{**arguments, **changes})


def test_submission_copies_every_file_of_the_package_and_freezes_the_candidates(sent, city, city_round):
    package = dict(forwarding.package_files(city_round))
    copies = {copy.name: copy for copy in sent.files.all()}
    assert sorted(copies) == sorted(package)
    for name, copy in copies.items():
        with copy.file.open("rb") as handle:
            content = handle.read()
        if name.startswith((forwarding.SCANS_FOLDER, forwarding.UNITS_FOLDER)):
            assert content == package[name]  # the uploads, byte for byte
        else:  # the letter, the list and the reports, printed when sent
            assert content[:4] == package[name][:4]
            assert len(content) > 1000
        assert copy.version == 1
        assert copy.commune_id == city_round.commune_id
    assert (sent.state, sent.version, sent.city_id, sent.commune_id) == (
        SubmissionState.SUBMITTED,
        1,
        city.pk,
        city_round.commune_id,
    )
    names = list(sent.lines.values_list("position", "recipient_name", "subject_type"))
    assert [(p, t) for p, _, t in names] == [(1, "collective"), (2, "individual")]
    assert names[1][1] == "Đặng Thị Hồng Nhung"


def test_a_dossier_sent_twice_is_refused_in_vietnamese_and_nothing_is_made(sent, city_round, vhxh_officer):
    before = (
        CitySubmission.objects.count(),
        CitySubmissionFile.objects.count(),
        CitySubmissionLine.objects.count(),
    )
    with translation.override("vi"), pytest.raises(services.SubmissionError) as caught:
        services.submit_to_city(city_round, actor=vhxh_officer)
    assert str(caught.value).startswith("Các hồ sơ này đã được gửi lên thành phố: ")
    assert "Đặng Thị Hồng Nhung" in str(caught.value)
    after = (
        CitySubmission.objects.count(),
        CitySubmissionFile.objects.count(),
        CitySubmissionLine.objects.count(),
    )
    assert after == before


def test_a_commune_without_a_city_is_told_to_download_the_package(commune, city_round, vhxh_officer):
    with translation.override("vi"), pytest.raises(services.SubmissionError) as caught:
        services.submit_to_city(city_round, actor=vhxh_officer)
    assert str(caught.value) == (
        "Xã của bạn chưa có thành phố trên Cổng: hãy tải gói hồ sơ và gửi qua thư điện tử hoặc bản giấy."
    )
    assert CitySubmission.objects.count() == 0


def test_returned_submission_is_sent_again_as_a_new_version_with_its_files_copied_again(
    sent, city_officer, vhxh_officer
):
    services.return_submission(sent, actor=city_officer, reason="  Thiếu biên bản\n họp xét  ")
    sent.refresh_from_db()
    assert (sent.state, sent.return_reason) == (SubmissionState.RETURNED, "Thiếu biên bản\n họp xét")
    first = sent.files.count()
    services.resubmit(sent, actor=vhxh_officer)
    sent.refresh_from_db()
    assert (sent.state, sent.version, sent.return_reason) == (SubmissionState.SUBMITTED, 2, "")
    assert sent.files.filter(version=1).count() == first
    assert sent.files.filter(version=2).count() == first
    assert sent.lines.count() == 2
    moves = list(services.SUBMISSIONS.transitions(sent).values_list("from_state", "to_state", "reason"))
    assert moves == [
        ("", "submitted", ""),
        ("submitted", "returned", "Thiếu biên bản\n họp xét"),
        ("returned", "submitted", ""),
    ]


def test_a_return_without_a_reason_is_refused(sent, city_officer):
    with pytest.raises(services.SubmissionError):
        services.return_submission(sent, actor=city_officer, reason=" \n")
    sent.refresh_from_db()
    assert sent.state == SubmissionState.SUBMITTED


def test_the_city_decision_lands_in_the_commune_registry_and_the_person_history(
    sent, city_officer, city_round
):
    services.accept_submission(sent, actor=city_officer)
    with tenancy.within(sent.city_id):
        _decide(CitySubmission.objects.get(pk=sent.pk), city_officer)
    sent.refresh_from_db()
    assert (sent.state, sent.decision_number, sent.decision_date) == (
        SubmissionState.DECIDED,
        "1234/QĐ-UBND",
        DECIDED_ON,
    )
    awards = list(Award.objects.filter(source=AwardSource.FORWARDED).order_by("position"))
    assert [(a.commune_id, a.decision_number, a.year, a.position) for a in awards] == [
        (city_round.commune_id, "1234/QĐ-UBND", 2026, 1),
        (city_round.commune_id, "1234/QĐ-UBND", 2026, 2),
    ]
    assert awards[1].award_name == "Bằng khen của Chủ tịch UBND thành phố Hà Nội"
    assert awards[1].issuer == "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"
    person = awards[1].cadre
    assert list(registry.history(person)) == [awards[1]]
    assert person.full_name == "Đặng Thị Hồng Nhung"
    assert set(sent.lines.values_list("awarded", flat=True)) == {True}


def test_a_decision_without_its_number_is_refused_and_nothing_lands(sent, city_officer):
    services.accept_submission(sent, actor=city_officer)
    with translation.override("vi"), pytest.raises(services.SubmissionError) as caught:
        _decide(sent, city_officer, number="  ")
    assert str(caught.value) == "Hãy nhập số, ngày và người ký quyết định của thành phố."
    with pytest.raises(services.SubmissionError):
        _decide(sent, city_officer, line_ids=[])
    sent.refresh_from_db()
    assert sent.state == SubmissionState.ACCEPTED
    assert Award.objects.filter(source=AwardSource.FORWARDED).count() == 0


# --------------------------------------------------------------------------- pages


def test_each_side_sees_the_submission_and_strangers_get_404(
    client_for, sent, city_officer, vhxh_officer, stranger_city_officer, stranger_commune_officer
):
    url = sent.get_absolute_url()
    copy = sent.files.order_by("name").first()
    file_url = reverse("awards:city_submission_file", args=[sent.pk, copy.pk])
    with copy.file.open("rb") as handle:
        content = handle.read()
    for user in (city_officer, vhxh_officer):
        client = client_for(user)
        page = client.get(url)
        assert page.status_code == 200
        assert "Đặng Thị Hồng Nhung" in page.text
        download = client.get(file_url)
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == content
    for user in (stranger_city_officer, stranger_commune_officer):
        client = client_for(user)
        assert client.get(url).status_code == 404
        assert client.get(file_url).status_code == 404
        assert (
            client.post(reverse("awards:city_submission_move", args=[sent.pk, "accept"])).status_code == 404
        )
    assert (
        client_for(stranger_city_officer)
        .get(reverse("awards:city_submission_list"))
        .context["submissions"]
        .count()
        == 0
    )
    sent.refresh_from_db()
    assert sent.state == SubmissionState.SUBMITTED


def test_city_officer_returns_with_a_reason_the_commune_reads_it_on_the_forwarding_page(
    client_for, sent, city_officer, vhxh_officer
):
    city = client_for(city_officer)
    home = city.get(reverse("home"))
    assert sent.get_absolute_url() in home.text
    refused = city.post(reverse("awards:city_submission_move", args=[sent.pk, "return"]), {"reason": " "})
    assert refused.status_code == 400
    city.post(reverse("awards:city_submission_move", args=[sent.pk, "return"]), {"reason": "Thiếu ảnh"})
    sent.refresh_from_db()
    assert (sent.state, sent.return_reason) == (SubmissionState.RETURNED, "Thiếu ảnh")
    commune = client_for(vhxh_officer)
    page = commune.get(reverse("nominations:forwarding_package", args=[sent.round_id]))
    assert "Thiếu ảnh" in page.text
    assert "Returned to the commune" in page.text


def test_the_commune_cannot_accept_its_own_submission(client_for, sent, vhxh_officer):
    client_for(vhxh_officer).post(reverse("awards:city_submission_move", args=[sent.pk, "accept"]))
    sent.refresh_from_db()
    assert sent.state == SubmissionState.SUBMITTED


def test_send_button_makes_the_submission_and_a_second_post_is_refused(
    client_for,
    city,
    city_round,
    vhxh_officer,
):
    client = client_for(vhxh_officer)
    page = client.get(reverse("nominations:forwarding_package", args=[city_round.pk]))
    assert "Send to the city" in page.text
    url = reverse("awards:city_submit", args=[city_round.pk])
    made = client.post(url)
    submission = CitySubmission.objects.get()
    assert made.url == submission.get_absolute_url()
    again = client.post(url, follow=True)
    assert "were sent to the city already" in again.text
    assert CitySubmission.objects.count() == 1
