"""`manage.py verify_tally <session>`: check a session's counted ballot box from its published
record (the same check as `python -m council.verify box.json` on the downloaded file)."""

from django.core.management.base import BaseCommand, CommandError

from council import verify
from council.models import BallotKey, CouncilSession
from council.services import ballot_box


class Command(BaseCommand):
    help = "Verify that a session's published counts are the decrypted sum of its encrypted ballots."

    def add_arguments(self, parser):
        parser.add_argument("session", type=int, help="the session's number (its pk)")

    def handle(self, *args, session: int, **options):
        found = CouncilSession.objects.filter(pk=session).first()
        if found is None or not BallotKey.objects.filter(session=found).exists():
            raise CommandError(f"Session {session} has no encrypted ballot box.")
        record = ballot_box.published_box(found)
        problems = verify.check_box(record)
        for problem in problems:
            self.stdout.write(f"FAIL {problem}")
        if problems:
            raise CommandError(f"Session {session}: the ballot box does not check.")
        ballots = sum(len(entry["ballots"]) for entry in record["items"])
        self.stdout.write(
            f"OK session {session}: {len(record['items'])} items, {ballots} ballots, counts verified"
        )
