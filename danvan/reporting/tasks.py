from django_tasks import task

from danvan.reporting.bulk import export_run


@task()
def run_export(job_id: int) -> str:
    return export_run(job_id).status
