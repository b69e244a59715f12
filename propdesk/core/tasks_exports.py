"""Background task that writes a large Excel export (run by `propdesk db_worker`)."""

from django_tasks import task

from .exporting import export_run


@task()
def run_export(job_id: int) -> str:
    """Write one export's file; a repeated run of a finished job does nothing."""
    return export_run(job_id)
