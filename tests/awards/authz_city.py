"""Authorization rows of the submissions to the city: the commune's office sends and follows
them (the city's roles, not among the commune's personas, are walked in
tests/awards/test_city_submissions.py, with another city's officer and another commune's
office answered 404)."""

from django.core.files.base import ContentFile

from awards.city_models import CitySubmissionFile
from tests.authz import NOT_ALLOWED, OFFICE, OK
from tests.factories.city import CitySubmissionFactory
from tests.factories.nominations import RoundFactory

OFFICE_POST = {role: NOT_ALLOWED if answer == OK else answer for role, answer in OFFICE.items()}


def _submission(world):
    return {"pk": CitySubmissionFactory(round=RoundFactory()).pk}


def _file(world):
    submission = CitySubmissionFactory(round=RoundFactory())
    copy = CitySubmissionFile(submission=submission, version=1, name="02-danh-sach.xlsx", size=4)
    copy.file.save("02-danh-sach.xlsx", ContentFile(b"PK.."), save=False)
    copy.save()
    return {"pk": submission.pk, "file_pk": copy.pk}


def _one_sent(world):
    _submission(world)
    return {}


MATRIX = {
    "awards:city_submit": [("a round", lambda world: {"pk": RoundFactory().pk}, OFFICE_POST)],
    "awards:city_submission_list": [("empty", None, OFFICE), ("one sent", _one_sent, OFFICE)],
    "awards:city_submission": [("sent by the commune", _submission, OFFICE)],
    "awards:city_submission_move": [
        ("accept", lambda world: {**_submission(world), "action": "accept"}, OFFICE_POST)
    ],
    "awards:city_submission_file": [("the list", _file, OFFICE)],
}
