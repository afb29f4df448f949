"""What the cases app tells the apps above it, without knowing them.

``case_event_recorded`` is sent for every event on a case (submission, every workflow action, assignment,
rating, overdue, link…), inside the transaction that made the change and after the case row is saved. A
receiver that writes (reporting's rollup tables) therefore commits or rolls back with the change itself;
a receiver that does slow work (analytics) should defer it with ``transaction.on_commit``.

Arguments: ``case`` (the saved Case), ``event`` (the CaseEvent: action, from_status, to_status, data).
"""

from django.dispatch import Signal

case_event_recorded = Signal()
