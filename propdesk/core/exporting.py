"""Excel exports of any register, small ones at once and large ones as a background task.

An app registers an export kind (`register_export`); a view calls `export_start(user, kind,
filters)`. Below `PROPDESK_EXPORT_INLINE_MAX` rows (10,000) the file is written in the request;
above, a task writes it and the user follows the progress on `core:export-status`. Either way
the rows come from the kind's `rows(user, filters)`, which applies the user's site scoping through
the app's selectors, and are streamed in chunks into a write-only workbook: memory stays flat.
"""

import secrets
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .exceptions import Conflict, NotFound
from .exports import Column, xlsx_write
from .models_exports import ExportJob

CHUNK_SIZE = 2000
PROGRESS_EVERY = 2000
MAX_UNFINISHED_PER_USER = 3


@dataclass(frozen=True)
class ExportKind:
    name: str
    title: Callable[[], str] | str
    columns: Sequence[Column]
    rows: Callable[[object, dict], QuerySet | Iterable[Sequence]]
    convert: Callable[[Sequence], Sequence] | None = None
    count: Callable[[object, dict], int] | None = None

    def title_text(self) -> str:
        return str(self.title() if callable(self.title) else self.title)


_KINDS: dict[str, ExportKind] = {}
_loaded = False


def register_export(name: str, *, title, columns, rows, convert=None, count=None) -> None:
    """Register an export kind; `rows(user, filters)` returns a scoped `values_list` queryset."""
    _KINDS[name] = ExportKind(name, title, tuple(columns), rows, convert, count)


def get_kind(name: str) -> ExportKind:
    global _loaded
    if not _loaded:  # kinds of apps that do not register themselves yet
        from . import export_kinds

        export_kinds.register_defaults()
        _loaded = True
    if name not in _KINDS:
        raise NotFound(code="unknown_export")
    return _KINDS[name]


def inline_max() -> int:
    return int(getattr(settings, "PROPDESK_EXPORT_INLINE_MAX", 10_000))


def _json_safe(filters: dict) -> dict:
    import json

    return json.loads(json.dumps(filters or {}, cls=DjangoJSONEncoder))


def _count(kind: ExportKind, user, filters: dict) -> int:
    if kind.count is not None:
        return kind.count(user, filters)
    rows = kind.rows(user, filters)
    return rows.count() if isinstance(rows, QuerySet) else 0


def export_start(user, kind: str, filters: dict | None = None) -> ExportJob:
    """Start an export of `kind` with `filters` for `user`: written now if small, else queued."""
    spec = get_kind(kind)
    unfinished = ExportJob.objects.filter(
        owner=user, state__in=[ExportJob.State.QUEUED, ExportJob.State.RUNNING]
    )
    if unfinished.count() >= MAX_UNFINISHED_PER_USER:
        raise Conflict(
            _("You already have %(n)s exports in progress; please wait until one is done.")
            % {"n": MAX_UNFINISHED_PER_USER},
            code="too_many_exports",
        )
    stored = _json_safe(filters or {})
    total = _count(spec, user, stored)
    job = ExportJob.objects.create(
        owner=user,
        kind=kind,
        filters=stored,
        rows_total=total,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    if total < inline_max():
        export_run(job.pk)
        job.refresh_from_db()
        return job
    from .tasks_exports import run_export

    transaction.on_commit(lambda: run_export.enqueue(job.pk))
    return job


def _claim(job_id: int) -> ExportJob | None:
    """Take the job for this run; a finished job is left alone (a repeated task is a no-op)."""
    claimed = ExportJob.objects.filter(
        pk=job_id, state__in=[ExportJob.State.QUEUED, ExportJob.State.RUNNING]
    ).update(state=ExportJob.State.RUNNING, started_at=timezone.now(), rows_written=0)
    return ExportJob.objects.select_related("owner").get(pk=job_id) if claimed else None


def _stream(job: ExportJob, spec: ExportKind) -> Iterable[Sequence]:
    rows = spec.rows(job.owner, dict(job.filters))
    if isinstance(rows, QuerySet):
        rows = rows.iterator(chunk_size=CHUNK_SIZE)
    written = 0
    for row in rows:
        yield spec.convert(row) if spec.convert else row
        written += 1
        if written % PROGRESS_EVERY == 0:
            ExportJob.objects.filter(pk=job.pk).update(rows_written=written)


def _filename(job: ExportJob) -> str:
    return f"exports/{timezone.localdate():%Y/%m}/{secrets.token_hex(16)}.xlsx"


def _write(job: ExportJob, spec: ExportKind) -> tuple[str, int]:
    """Write the workbook to a local temporary file, then hand it to the storage (a directory or a
    bucket) under a random name."""
    with tempfile.NamedTemporaryFile(dir=settings.FILE_UPLOAD_TEMP_DIR, suffix=".xlsx") as fh:
        count = xlsx_write(
            fh,
            title=spec.title_text(),
            filters={k: v for k, v in job.filters.items() if not k.startswith("_")},
            columns=spec.columns,
            rows=_stream(job, spec),
        )
        fh.flush()
        fh.seek(0)
        name = default_storage.save(_filename(job), File(fh))
    return name, count


def export_run(job_id: int) -> str:
    """Write the file of one export job (in the request or in the worker); returns its state."""
    job = _claim(job_id)
    if job is None:
        return "skipped"
    spec = get_kind(job.kind)
    try:
        with translation.override(job.language or settings.LANGUAGE_CODE):
            name, count = _write(job, spec)
    except Exception as exc:  # recorded on the job for the user; the worker log has the traceback
        ExportJob.objects.filter(pk=job.pk).update(
            state=ExportJob.State.FAILED,
            finished_at=timezone.now(),
            error=f"{type(exc).__name__}: {exc}"[:300],
        )
        raise
    ExportJob.objects.filter(pk=job.pk).update(
        state=ExportJob.State.DONE,
        file=name,
        rows_written=count,
        rows_total=count,
        finished_at=timezone.now(),
    )
    return ExportJob.State.DONE


def export_get_for_owner(user, pk: int) -> ExportJob:
    """One export of `user`; anyone else's answers 404."""
    job = ExportJob.objects.filter(pk=pk, owner=user).first() if user.is_authenticated else None
    if job is None:
        raise NotFound()
    return job


def export_download_name(job: ExportJob) -> str:
    when = timezone.localtime(job.finished_at or job.created_at)
    return f"{get_kind(job.kind).title_text()}-{when:%Y%m%d-%H%M}.xlsx"
