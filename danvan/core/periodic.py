"""Periodic tasks: the project's own (settings.PERIODIC_TASKS) plus each app's ``periodic_tasks``.

An app declares its periodic work on its AppConfig, next to the code it runs, so adding an app never means
editing the settings file::

    class MeetingsConfig(AppConfig):
        periodic_tasks = [("danvan.meetings.tasks.sweep_overdue_commitments", 3600)]
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings


def periodic_tasks() -> list[tuple[str, int]]:
    """Every (dotted task path, interval in seconds), each path once."""
    found: dict[str, int] = {}
    for path, seconds in settings.PERIODIC_TASKS:
        found.setdefault(path, int(seconds))
    for config in apps.get_app_configs():
        for path, seconds in getattr(config, "periodic_tasks", ()):
            found.setdefault(path, int(seconds))
    return list(found.items())
