"""Export pages: progress of a background export (polled by htmx) and the owner's download."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from .exceptions import NotFound
from .exporting import export_download_name, export_get_for_owner, export_start
from .models_exports import ExportJob


def _job_or_404(request, pk: int) -> ExportJob:
    try:
        return export_get_for_owner(request.user, pk)
    except NotFound as exc:
        raise Http404 from exc


def export_response(request, kind: str, filters: dict):
    """For list views: start the export; answer the file when it is ready, else the status page."""
    job = export_start(request.user, kind, filters)
    if job.state == ExportJob.State.DONE:
        return redirect("core:export-download", pk=job.pk)
    return redirect("core:export-status", pk=job.pk)


@require_GET
@login_required
def export_status(request, pk: int):
    job = _job_or_404(request, pk)
    return render(request, "core/export_status.html", {"job": job})


@require_GET
@login_required
def export_progress(request, pk: int):
    job = _job_or_404(request, pk)
    return render(request, "core/export_progress.html", {"job": job})


@require_GET
@login_required
def export_download(request, pk: int):
    job = _job_or_404(request, pk)
    if job.state != ExportJob.State.DONE or not job.file:
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=export_download_name(job))
