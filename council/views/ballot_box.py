"""The encrypted ballot box's screens: an officer takes their key code (shown once), enters it
after the voting closed, and anyone who may see the result reads and downloads the box with
its proofs, and checks a receipt. The code travels only in POST bodies and in a response that
is never cached."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from council import crypto, verify
from council.services import CouncilError, ballot_box
from council.views.sessions import SessionMixin


class OfficerCodeView(SessionMixin, View):
    """POST: a new key code for the officer, on a page that shows it once (and offers it as a
    text file made in the page itself, so nothing is fetched again)."""

    permission_required = "council.vote"
    http_method_names = ["post"]
    template_name = "council/officer_code.html"

    def post(self, request, *args, **kwargs):
        try:
            code = ballot_box.issue_officer_code(self.session, actor=request.user)
        except CouncilError as error:
            messages.error(request, str(error))
            return redirect(self.session)
        response = render(
            request,
            self.template_name,
            {"session": self.session, "code": code, "filename": f"khoa-phien-{self.session.pk}.txt"},
        )
        add_never_cache_headers(response)
        return response


class PresentShareView(SessionMixin, View):
    """POST the officer's code: their share decrypts the sums; the k-th releases the result."""

    permission_required = "council.vote"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        code = request.POST.get("code", "")
        upload = request.FILES.get("code_file")
        if upload is not None and upload.size <= 1024:
            code = upload.read().decode("utf-8", "replace")
        try:
            done = ballot_box.present_share(self.session, actor=request.user, code=code)
        except CouncilError as error:
            messages.error(request, str(error))
            return redirect(self.session)
        if done:
            messages.success(request, _("The ballot box is counted: the result is released."))
            return redirect("council:session_result", self.session.pk)
        messages.success(
            request, _("Your key share was entered. The count waits for the other officer's share.")
        )
        return redirect(self.session)


class _ReleasedMixin(SessionMixin):
    permission_required = "council.view_result"

    def check_released(self) -> None:
        # The administrator passes every permission: the release is checked here too.
        if not (ballot_box.uses_box(self.session) and ballot_box.released(self.session)):
            raise Http404


class BallotBoxView(_ReleasedMixin, TemplateView):
    """The counted box: the key, the officers' commitments, every ballot's fingerprint, the
    counts, whether every proof checks, and a member's receipt looked up."""

    template_name = "council/ballot_box.html"

    def get_context_data(self, **kwargs):
        self.check_released()
        record = ballot_box.published_box(self.session)
        receipt = self.request.GET.get("receipt", "").strip()
        items = [
            {
                "entry": entry,
                "item": self.session.items.get(pk=entry["item"]),
                "receipts": sorted(
                    crypto.short_fingerprint(
                        crypto.fingerprint(json.dumps(b, sort_keys=True, separators=(",", ":")))
                    )
                    for b in entry["ballots"]
                ),
            }
            for entry in record["items"]
        ]
        return super().get_context_data(
            session=self.session,
            record=record,
            items=items,
            problems=verify.check_box(record),
            receipt=receipt,
            receipt_found=ballot_box.receipt_in_box(self.session, receipt) if receipt else None,
            **kwargs,
        )


class BallotBoxJsonView(_ReleasedMixin, View):
    def get(self, request, *args, **kwargs):
        self.check_released()
        record = ballot_box.published_box(self.session)
        response = HttpResponse(json.dumps(record, indent=1, sort_keys=True), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="hom-phieu-phien-{self.session.pk}.json"'
        return response


urls = [
    path("council/sessions/<int:pk>/key-code/", OfficerCodeView.as_view(), name="session_key_code"),
    path("council/sessions/<int:pk>/key-share/", PresentShareView.as_view(), name="session_key_share"),
    path("council/sessions/<int:pk>/ballot-box/", BallotBoxView.as_view(), name="session_ballot_box"),
    path(
        "council/sessions/<int:pk>/ballot-box.json",
        BallotBoxJsonView.as_view(),
        name="session_ballot_box_json",
    ),
]
