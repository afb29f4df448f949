"""The hash-chained audit log.

Each event's hash covers its own content and the previous event's hash, so editing, deleting or
reordering any stored event breaks every later link; ``audit_verify`` names the first broken one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import transaction

from danvan.core.clock import now_or_current
from danvan.core.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64


def _canonical(
    *,
    seq: int,
    occurred_at: datetime,
    actor_id: int | None,
    action: str,
    object_type: str,
    object_id: str,
    unit_path: str,
    data: dict[str, Any],
    prev_hash: str,
) -> bytes:
    payload = {
        "seq": seq,
        "at": occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": actor_id,
        "action": action,
        "type": object_type,
        "id": object_id,
        "unit": unit_path,
        "data": data,
        "prev": prev_hash,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def _event_hash(event: AuditEvent) -> str:
    return hashlib.sha256(
        _canonical(
            seq=event.seq,
            occurred_at=event.occurred_at,
            actor_id=event.actor_id,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            unit_path=event.unit_path,
            data=event.data,
            prev_hash=event.prev_hash,
        )
    ).hexdigest()


def audit_record(
    *,
    action: str,
    actor: Any = None,
    target: Any = None,
    object_type: str = "",
    object_id: str = "",
    unit_path: str = "",
    data: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> AuditEvent:
    """Append one event. Must run inside the transaction of the change it records.

    ``data`` must never hold protected personal data (a denouncer's identity): store ids and reasons.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must be called inside the transaction of the change it records")
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or str(target.pk)
    occurred_at = now_or_current(now)
    # Normalise through JSON so the stored value and the hashed value are identical after a round trip.
    clean_data = json.loads(json.dumps(data or {}, ensure_ascii=False, default=str))
    # The head row is created by the migration; get_or_create only matters after a test flush.
    AuditChainHead.objects.get_or_create(id=1)
    head = AuditChainHead.objects.select_for_update().get(id=1)
    event = AuditEvent(
        seq=head.last_seq + 1,
        occurred_at=occurred_at,
        actor_id=getattr(actor, "pk", None),
        action=action,
        object_type=object_type,
        object_id=object_id,
        unit_path=unit_path,
        data=clean_data,
        prev_hash=head.last_hash,
    )
    event.hash = _event_hash(event)
    event.save()
    head.last_seq, head.last_hash = event.seq, event.hash
    head.save(update_fields=["last_seq", "last_hash"])
    return event


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_seq: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def audit_verify(batch_size: int = 5000) -> ChainReport:
    """Walk the chain in order and report the first broken link (edited, deleted or reordered event)."""
    expected_prev, expected_seq, checked = GENESIS_HASH, 1, 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size):
        if event.seq != expected_seq:
            return ChainReport(checked, expected_seq, f"event #{expected_seq} is missing")
        if event.prev_hash != expected_prev:
            return ChainReport(checked, event.seq, "does not link to the previous event")
        if _event_hash(event) != event.hash:
            return ChainReport(checked, event.seq, "content does not match its hash (edited)")
        expected_prev, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and head.last_seq != checked:
        return ChainReport(checked, checked + 1, f"chain ends at #{checked} but #{head.last_seq} was written")
    return ChainReport(checked)
