"""Listens to the cases app: each submitted case is processed after commit, in the task worker."""

from __future__ import annotations

from django.db import transaction


def on_case_event(sender, case, event, **kwargs) -> None:
    if event.action != "submitted":
        return
    from danvan.analytics.tasks import process_submitted_case

    case_id = case.pk
    transaction.on_commit(lambda: process_submitted_case.enqueue(case_id=case_id))
