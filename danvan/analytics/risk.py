"""Escalation risk of an open case, explained: each factor has a value in [0, 1] and a configured weight;
the score is 100 × Σ weight·value / Σ weight. Pure: the inputs are gathered by services."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

LABELS = {
    "group_size": _("Đông người cùng nội dung"),
    "same_incident": _("Nhiều đơn cùng vụ việc"),
    "repeats": _("Người gửi có nhiều đơn khác"),
    "overdue": _("Quá hạn xử lý"),
    "prior_decision": _("Đã có quyết định, khiếu nại lần hai, mở lại"),
    "denunciation_followup": _("Tố cáo tiếp"),
    "tone": _("Lời lẽ bức xúc, gay gắt"),
}


@dataclass(frozen=True)
class Inputs:
    group_size: int = 1
    same_incident: int = 0  # other cases in its group
    repeats: int = 0  # other cases from the same submitter
    overdue_days: int = 0
    prior_decision: bool = False
    denunciation_followup: bool = False
    tone_hits: int = 0


@dataclass(frozen=True)
class Factor:
    code: str
    value: float
    weight: float
    detail: str

    @property
    def label(self) -> str:
        return str(LABELS.get(self.code, self.code))

    @property
    def points(self) -> float:
        return self.value * self.weight


def factors(inputs: Inputs, weights: dict[str, float]) -> list[Factor]:
    values = {
        "group_size": (min(1.0, max(0, inputs.group_size - 1) / 9), str(inputs.group_size)),
        "same_incident": (min(1.0, inputs.same_incident / 4), str(inputs.same_incident)),
        "repeats": (min(1.0, inputs.repeats / 3), str(inputs.repeats)),
        "overdue": (min(1.0, inputs.overdue_days / 30), str(inputs.overdue_days)),
        "prior_decision": (1.0 if inputs.prior_decision else 0.0, ""),
        "denunciation_followup": (1.0 if inputs.denunciation_followup else 0.0, ""),
        "tone": (min(1.0, inputs.tone_hits / 3), str(inputs.tone_hits)),
    }
    return [
        Factor(code, round(value, 3), float(weights.get(code, 0)), detail)
        for code, (value, detail) in values.items()
        if code in weights
    ]


def score(items: list[Factor]) -> float:
    total = sum(item.weight for item in items)
    return round(100 * sum(item.points for item in items) / total, 1) if total else 0.0


def as_json(items: list[Factor]) -> list[dict]:
    # What dataclasses.asdict gives, without its deep copies: the sweep calls this for every open case.
    return [{"code": f.code, "value": f.value, "weight": f.weight, "detail": f.detail} for f in items]
