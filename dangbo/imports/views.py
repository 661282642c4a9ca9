"""Nhập, xuất danh sách: upload → check (every refusal listed) → confirm → progress → result;
and the export of a subtree in the same layout."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify

from dangbo.core.choices import Action
from dangbo.core.scope import can, restrict
from dangbo.organizations.models import Organization

from . import jobs
from .exporter import export_workbook
from .forms import ExportForm, UploadForm
from .importer import import_workbook
from .models import ImportRun


def _visible_orgs(user):
    """Organizations whose lists the user may export (lists carry sensitive personal data)."""
    return restrict(Organization.objects.all(), user, Action.VIEW_SENSITIVE).order_by(
        "depth", "name"
    )


def _run(request, run_pk: int) -> ImportRun:
    """A run is its uploader's: anyone else gets 404."""
    return get_object_or_404(ImportRun, pk=run_pk, created_by=request.user)


def page(request):
    """Upload a workbook (staff who manage members) and export one (anyone with a scope)."""
    may_import = can(request.user, Action.MANAGE_MEMBERS)
    upload = UploadForm(request.POST or None, request.FILES or None) if may_import else None
    if request.method == "POST":
        if not may_import:
            raise PermissionDenied
        if upload.is_valid():
            return _check_upload(request, upload.cleaned_data["file"])
    export = ExportForm(
        organizations=_visible_orgs(request.user), initial={"org": _default_code(request.user)}
    )
    runs = ImportRun.objects.filter(created_by=request.user)[:10] if may_import else []
    return render(request, "imports/page.html", {"upload": upload, "export": export, "runs": runs})


def _default_code(user):
    org = _visible_orgs(user).first()
    return org.code if org else None


def _check_upload(request, upload):
    run = ImportRun(created_by=request.user, filename=upload.name[:255])
    run.file.save(upload.name, upload, save=False)
    with run.file.open("rb") as source:
        result = import_workbook(
            source, actor=request.user, dry_run=True, filename=run.filename, scope_user=request.user
        )
    run.preview = result.as_dict()
    run.status = ImportRun.Status.VALID if result.ok else ImportRun.Status.REFUSED
    run.save()
    return redirect("imports:run", run_pk=run.pk)


def run_page(request, run_pk: int):
    """The check's answer (refusals, or what will change), then progress, then the result."""
    run = _run(request, run_pk)
    preview = run.preview
    errors = (run.result or preview).get("errors", [])
    return render(
        request,
        "imports/run.html",
        {
            "run": run,
            "errors": errors,
            "preview": preview,
            "progress": jobs.progress_of(run),
            "upload": UploadForm(),
        },
    )


def confirm(request, run_pk: int):
    run = _run(request, run_pk)  # first: someone else's run is not found, whatever the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not can(request.user, Action.MANAGE_MEMBERS):
        raise PermissionDenied
    if run.status != ImportRun.Status.VALID:
        messages.error(request, "Tệp này không ở trạng thái chờ xác nhận.")
        return redirect("imports:run", run_pk=run.pk)
    jobs.start(run)
    return redirect("imports:run", run_pk=run.pk)


def progress(request, run_pk: int):
    """The progress bar (htmx polls it until the import is over)."""
    run = _run(request, run_pk)
    return render(
        request, "imports/_progress.html", {"run": run, "progress": jobs.progress_of(run)}
    )


def export(request):
    form = ExportForm(request.GET or None, organizations=_visible_orgs(request.user))
    if not form.is_valid():
        return render(
            request,
            "imports/page.html",
            {
                "export": form,
                "upload": UploadForm() if can(request.user, Action.MANAGE_MEMBERS) else None,
                "runs": [],
            },
        )
    d = form.cleaned_data
    content = export_workbook(d["org"], on=d["as_of"], left_since=d.get("left_since"))
    name = f"danh-sach-{slugify(d['org'].code)}-{d['as_of']:%Y-%m-%d}.xlsx"
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
