"""Public sentiment as recorded by people: the shared vocabulary of fieldwork observations and dialogue
minutes, read by early warning (analytics).

Fieldwork and meetings each offer ``sentiment_signals(start, end)`` in their selectors, returning
``SentimentSignal`` values; analytics reads both without knowing their models.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class Tone(models.TextChoices):
    POSITIVE = "positive", _("Đồng tình, phấn khởi")
    NEUTRAL = "neutral", _("Bình thường")
    CONCERNED = "concerned", _("Băn khoăn, lo lắng")
    ANGRY = "angry", _("Bức xúc, gay gắt")


class Severity(models.IntegerChoices):
    LOW = 1, _("Thấp")
    MEDIUM = 2, _("Trung bình")
    HIGH = 3, _("Cao — có nguy cơ phát sinh điểm nóng")


@dataclass(frozen=True)
class SentimentSignal:
    source: str  # "fieldwork" or "dialogue"
    source_id: int
    unit_path: str  # where it was observed (commune or village path)
    on: date
    tone: str  # a Tone value
    severity: int  # a Severity value
    topic: str  # short label, e.g. a case category's name or a free topic
    text: str  # what was heard, never a named private person's identity
    url: str = ""  # officer page of the record, for the alert
