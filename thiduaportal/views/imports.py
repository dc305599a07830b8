"""The import screens: template download, upload, preview and confirm, for every app's
importer (`thiduaportal.imports.IMPORTERS`, picked by the kind in the URL)."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView

from thiduaportal import downloads, jobs, tenancy
from thiduaportal.documents import vn_number
from thiduaportal.forms import ImportUploadForm
from thiduaportal.imports import IMPORTERS, ImportRefused, import_commune, start_import_job
from thiduaportal.tasks import task_run_import
from thiduaportal.text import fold

from . import PortalPermissionMixin

PREVIEW_ROWS = 100


class _ImportMixin(PortalPermissionMixin):
    """The kind in the URL picks the importer and its permission; an unknown kind is 404."""

    # Only for an anonymous visitor of an unknown kind: no one holds it, so they sign in
    # first and then learn that the kind does not exist.
    permission_required = "thiduaportal.import"

    def get_permission_required(self):
        self.importer = IMPORTERS.get(self.kwargs["kind"])
        if self.importer is None:
            if not self.request.user.is_authenticated:
                return (self.permission_required,)
            raise Http404
        return (self.importer.permission,)

    def get_permission_object(self):
        return None

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            kind=self.importer.kind,
            importer=self.importer,
            max_rows=settings.IMPORT_MAX_ROWS,
            into=self.into(),
            **kwargs,
        )

    def into(self):
        """The commune a city administrator imports into (`?into=<id>`), else None: the
        user's own. A commune the user may not import into is 404."""
        asked = self.request.GET.get("into", "")
        if not asked:
            return None
        found = import_commune(self.request.user, asked)
        if found is None:
            raise Http404
        return found


class ImportTemplateView(_ImportMixin, View):
    def get(self, request, kind):
        # Named in Vietnamese after the sheet's title, without diacritics: mau-nhap-ket-qua-chi-tieu.xlsx.
        stem = slugify(fold(self.importer.title))
        return downloads.xlsx_response(f"mau-nhap-{stem}.xlsx", self.importer.template(user=request.user))


class ImportUploadView(_ImportMixin, FormView):
    template_name = "imports/upload.html"
    form_class = ImportUploadForm

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            form.add_error(
                "file",
                _("The file is too large; the limit is %(mb)d MB.")
                % {"mb": settings.IMPORT_MAX_BYTES // 1048576},
            )
            return self.form_invalid(form)
        token = uuid.uuid4()
        path = default_storage.save(f"imports/{token}.xlsx", upload)
        into = self.into()
        self.request.session[f"import-{token}"] = {
            "kind": self.importer.kind,
            "path": path,
            "user_id": self.request.user.pk,
            "commune_id": into.pk if into else None,
        }
        return redirect("import_preview", kind=self.importer.kind, token=token)


class ImportPreviewView(_ImportMixin, View):
    """GET shows every problem or the rows to import; POST imports them all, or none."""

    def _pending(self) -> dict:
        pending = self.request.session.get(f"import-{self.kwargs['token']}")
        if not pending or pending["kind"] != self.importer.kind or pending["user_id"] != self.request.user.pk:
            raise Http404
        if not default_storage.exists(pending["path"]):
            raise Http404
        return pending

    def _parse(self):
        pending = self._pending()
        with default_storage.open(pending["path"], "rb") as upload:
            return pending["path"], self.importer.parse(upload, user=self.request.user)

    def dispatch(self, request, *args, **kwargs):
        # A city administrator's import runs in the scope of the commune they chose.
        pending = request.session.get(f"import-{kwargs.get('token')}") or {}
        commune_id = pending.get("commune_id")
        if commune_id is None or import_commune(request.user, str(commune_id)) is None:
            return super().dispatch(request, *args, **kwargs)
        with tenancy.within(commune_id):
            return super().dispatch(request, *args, **kwargs)

    def _render(self, result):
        return render(
            self.request,
            "imports/preview.html",
            {
                "kind": self.importer.kind,
                "importer": self.importer,
                "result": result,
                "preview": result.raw[:PREVIEW_ROWS],
                "headers": [c.header for c in result.columns],
            },
        )

    def get(self, request, kind, token):
        return self._render(self._parse()[1])

    def post(self, request, kind, token):
        path, result = self._parse()
        if result.ok and len(result.rows) > settings.IMPORT_BACKGROUND_ROWS:
            # A large file is written by the worker; its page says when it is done.
            job = start_import_job(
                self.importer, path, actor=request.user, after=reverse(self.importer.after_import)
            )
            jobs.enqueue(job, task_run_import)
            del request.session[f"import-{token}"]
            return redirect("job_detail", pk=job.pk)
        try:
            count = self.importer.import_(result, actor=request.user)
        except ImportRefused as error:
            messages.error(request, str(error))
            return self._render(result)
        default_storage.delete(path)
        del request.session[f"import-{token}"]
        message = ngettext("%(count)s row was imported.", "%(count)s rows were imported.", count)
        messages.success(request, message % {"count": vn_number(count, places=0)})  # "1.234"
        return redirect(self.importer.after_import)
