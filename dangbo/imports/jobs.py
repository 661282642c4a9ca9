"""Running a confirmed import off the request, with its progress readable by other requests.

The import runs in a background thread (one transaction: all or nothing); its progress goes to
the cache (LocMem in the demo; Redis when REDIS_URL is set, so several app processes share it).
With the setting DANGBO["IMPORT_INLINE"] the import runs in the request instead (tests).
"""

import threading

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connections
from django.utils import timezone

from .importer import import_workbook
from .models import ImportRun

PROGRESS_TTL = 60 * 60


def progress_key(run_id: int) -> str:
    return f"dangbo:import:{run_id}:progress"


def progress_of(run: ImportRun) -> dict:
    if run.status in (ImportRun.Status.DONE, ImportRun.Status.FAILED):
        return {"done": 1, "total": 1, "percent": 100, "stage": "done"}
    return cache.get(progress_key(run.pk)) or {
        "done": 0,
        "total": 1,
        "percent": 0,
        "stage": "waiting",
    }


def start(run: ImportRun) -> None:
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RUNNING)
    cache.set(
        progress_key(run.pk), {"done": 0, "total": 1, "percent": 0, "stage": "start"}, PROGRESS_TTL
    )
    if settings.DANGBO.get("IMPORT_INLINE"):
        execute(run.pk)
    else:
        threading.Thread(
            target=_thread_main, args=(run.pk,), daemon=True, name=f"import-{run.pk}"
        ).start()


def _thread_main(run_id: int) -> None:
    close_old_connections()
    try:
        execute(run_id)
    finally:
        connections.close_all()


def execute(run_id: int) -> None:
    run = ImportRun.objects.select_related("created_by").get(pk=run_id)

    def progress(stage: str, done: int, total: int) -> None:
        percent = int(100 * done / total) if total else 100
        cache.set(
            progress_key(run_id),
            {"done": done, "total": total, "percent": percent, "stage": stage},
            PROGRESS_TTL,
        )

    try:
        with run.file.open("rb") as source:
            result = import_workbook(
                source,
                actor=run.created_by,
                filename=run.filename,
                progress=progress,
                scope_user=run.created_by,
            )
    except Exception as error:  # noqa: BLE001 — recorded for the user, then re-raised in logs
        run.status, run.result = ImportRun.Status.FAILED, {"ok": False, "error": str(error)}
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "result", "finished_at"])
        raise
    run.result = result.as_dict()
    run.status = ImportRun.Status.DONE if result.ok else ImportRun.Status.REFUSED
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "result", "finished_at"])
