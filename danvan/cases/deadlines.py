"""The legal deadline engine: which rule applies to a step of a case, and when its time limit ends.

Sources (DOMAIN.md §0, §1, §7):

- Luật Khiếu nại 02/2011/QH13 (LKN): acceptance Arts. 27, 36; resolution Arts. 28 (30/45 days, remote areas
  45/60) and 37 (45/60, remote 60/70). The acceptance limit is 10 working days under the old guidance and
  07 working days under Nghị định 155/2026, Art. 10 from 1/7/2026.
- Luật Tố cáo 25/2018/QH14 (LTC): initial processing Art. 24.1 (07 working days, up to 10), forwarding
  Art. 24.2 (05 working days), notification Art. 29.3 (05 working days), resolution Art. 30 with
  Nghị định 31/2019, Art. 3 (30 days; extended once if complex, twice if especially complex, ≤30 days each).
- Luật Tiếp công dân 42/2013/QH13 (LTCD), Art. 28.1: reply to feedback and petitions in 10 working days.
- Bộ luật Dân sự 2015, Arts. 144–148: the day of the triggering event is not counted; a limit in "ngày"
  whose last day is a day off ends on the next working day.

Rules are data (``RuleSet``/``DeadlineRule``, seeded from ``legal_rules.py``), versioned by effective date:
a case keeps the set in force on the day its clock started. ``compute_due_date`` and the helpers above it
are pure; the functions that read the database say so.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.cases.categories import CATEGORIES
from danvan.cases.legal_rules import RULE_SETS
from danvan.cases.models import Case, Category, DeadlineRule, RuleSet
from danvan.cases.workflow import Kind
from danvan.core.errors import DomainError
from danvan.territory.calendar import WorkingCalendar, working_calendar

Step = DeadlineRule.Step
Complexity = Case.Complexity

# Steps whose extensions depend on the case's complexity (LTC Art. 30): none for a normal case,
# ``max_extensions`` for a complex one, ``max_extensions_especially_complex`` for an especially complex one.
COMPLEXITY_EXTENSION_STEPS = frozenset({Step.DENUNCIATION_RESOLVE})

_COMPLEX = frozenset({Complexity.COMPLEX, Complexity.ESPECIALLY_COMPLEX})

_INITIAL_STEPS = {
    Kind.COMPLAINT: Step.COMPLAINT_ACCEPT,
    Kind.COMPLAINT_SECOND: Step.COMPLAINT_ACCEPT,
    Kind.DENUNCIATION: Step.DENUNCIATION_SCREEN,
    Kind.FEEDBACK: Step.PETITION_REPLY,
    Kind.PETITION: Step.PETITION_REPLY,
    Kind.MIXED: Step.PETITION_REPLY,
}

_RESOLUTION_STEPS = {
    Kind.COMPLAINT: Step.COMPLAINT_RESOLVE_FIRST,
    Kind.COMPLAINT_SECOND: Step.COMPLAINT_RESOLVE_SECOND,
    Kind.DENUNCIATION: Step.DENUNCIATION_RESOLVE,
    Kind.FEEDBACK: Step.PETITION_REPLY,
    Kind.PETITION: Step.PETITION_REPLY,
    Kind.MIXED: None,  # must be split into separate letters first (LTCD Art. 25.3)
}


class NoRuleSet(DomainError):
    code = "no_rule_set"
    default_message = gettext_lazy("Chưa có bộ quy định thời hạn nào có hiệu lực vào ngày này.")


class NoDeadlineRule(DomainError):
    code = "no_deadline_rule"
    default_message = gettext_lazy("Bộ quy định thời hạn chưa có quy định cho bước này.")


# --- rule look-up (database) -------------------------------------------------------------------------------


def rule_set_on(day: date) -> RuleSet:
    """The rule set in force on ``day``: the one with the latest ``effective_from`` not after it."""
    rule_set = RuleSet.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
    if rule_set is None:
        raise NoRuleSet(
            _("Chưa có bộ quy định thời hạn nào có hiệu lực vào ngày %(day)s.") % {"day": f"{day:%d/%m/%Y}"},
            day=day.isoformat(),
        )
    return rule_set


def rule_for(rule_set: RuleSet, step: str) -> DeadlineRule:
    """The rule for ``step`` in ``rule_set``."""
    try:
        return rule_set.rules.get(step=step)
    except DeadlineRule.DoesNotExist:
        raise NoDeadlineRule(
            _("Bộ quy định “%(rule_set)s” chưa có thời hạn cho bước “%(step)s”.")
            % {"rule_set": rule_set.name, "step": _step_label(step)},
            rule_set=rule_set.code,
            step=step,
        ) from None


def _step_label(step: str) -> str:
    try:
        return str(Step(step).label)
    except ValueError:
        return step


# --- which step (pure) -------------------------------------------------------------------------------------


def initial_step(kind: str) -> str:
    """The first clock of a case, started on receipt: acceptance for complaints (LKN Arts. 27, 36),
    initial processing for denunciations (LTC Art. 24.1), the reply limit for feedback, petitions and
    mixed letters (LTCD Art. 28.1: within 10 working days say whether it was accepted, refused or forwarded)."""
    try:
        return _INITIAL_STEPS[Kind(kind)]
    except ValueError:
        raise ValueError(f"unknown case kind {kind!r}") from None


def resolution_step(kind: str) -> str | None:
    """The clock started on acceptance (thụ lý): resolution of a 1st- or 2nd-instance complaint (LKN Arts. 28,
    37) or of a denunciation (LTC Art. 30). Feedback and petitions have no separate resolution limit: the
    10-working-day reply limit continues (LTCD Art. 28.1). ``None`` for a mixed letter, which must be split."""
    try:
        return _RESOLUTION_STEPS[Kind(kind)]
    except ValueError:
        raise ValueError(f"unknown case kind {kind!r}") from None


# --- arithmetic (pure) -------------------------------------------------------------------------------------


def _check_complexity(complexity: str) -> None:
    if complexity not in Complexity.values:
        raise ValueError(f"unknown complexity {complexity!r}")


def period_days(rule: DeadlineRule, *, complexity: str, remote_area: bool) -> int:
    """The base period of ``rule`` for a case, before extensions (LKN Arts. 28, 37).

    An especially complex case counts as complex here: the law gives complaints only one complex period,
    and denunciations get their extra time through extensions instead. A missing column falls back to the
    nearest one that is set: remote and complex without a combined figure takes the longer of the remote and
    the complex period, and either of those missing takes the ordinary period.
    """
    _check_complexity(complexity)
    is_complex = complexity in _COMPLEX
    if remote_area and is_complex:
        if rule.remote_complex_days is not None:
            return rule.remote_complex_days
        return max(d for d in (rule.remote_days, rule.complex_days, rule.days) if d is not None)
    if remote_area and rule.remote_days is not None:
        return rule.remote_days
    if is_complex and rule.complex_days is not None:
        return rule.complex_days
    return rule.days


def extensions_allowed(rule: DeadlineRule, *, complexity: str) -> int:
    """How many extensions the law allows for ``rule`` on a case of this complexity.

    - Steps whose extension depends on complexity (``COMPLEXITY_EXTENSION_STEPS``: denunciation resolution,
      LTC Art. 30 and ND 31/2019 Art. 3): a normal case gets none, a complex case ``max_extensions`` (1),
      an especially complex case ``max_extensions_especially_complex`` (2).
    - Any other step: ``max_extensions`` whatever the complexity. For denunciation initial processing that is
      1 extension (7 → 10 working days), allowed when verification at several places or a delegation is
      needed (LTC Art. 24.1), a condition the officer records, not a complexity level. Steps without
      extensions have 0.
    """
    _check_complexity(complexity)
    if rule.step not in COMPLEXITY_EXTENSION_STEPS:
        return rule.max_extensions
    if complexity == Complexity.ESPECIALLY_COMPLEX:
        return max(rule.max_extensions_especially_complex, rule.max_extensions)
    if complexity == Complexity.COMPLEX:
        return rule.max_extensions
    return 0


def compute_due_date(
    rule: DeadlineRule,
    *,
    start: date,
    complexity: str = Complexity.NORMAL,
    remote_area: bool = False,
    extensions: int = 0,
    calendar: WorkingCalendar,
) -> date:
    """The last day of the limit: ``period_days`` plus ``extensions × extension_days``, counted from
    ``start``, the day of the triggering event, which is not counted (BLDS Art. 147).

    Working-day rules skip weekends and days off and count swapped working Saturdays. Calendar-day rules
    ("ngày") count every day and, if the last day is a day off, end on the next working day (BLDS Art. 148);
    extensions are added to the period and counted from ``start`` too, so only the final end rolls forward.

    Pure: no database. The caller checks ``extensions`` against ``extensions_allowed``.
    """
    if extensions < 0:
        raise ValueError("extensions must not be negative")
    days = period_days(rule, complexity=complexity, remote_area=remote_area) + extensions * rule.extension_days
    if rule.day_type == DeadlineRule.DayType.WORKING:
        return calendar.add_working_days(start, days)
    if rule.day_type == DeadlineRule.DayType.CALENDAR:
        return calendar.add_calendar_days(start, days)
    raise ValueError(f"unknown day type {rule.day_type!r}")


# --- database-backed conveniences --------------------------------------------------------------------------


def due_date_for(
    *,
    step: str,
    start: date,
    complexity: str = Complexity.NORMAL,
    remote_area: bool = False,
    extensions: int = 0,
    rule_set: RuleSet | None = None,
) -> tuple[RuleSet, date]:
    """(rule set, due date) for ``step`` started on ``start``. The rule set defaults to the one in force on
    ``start``; the calendar includes the administrator's overrides for ``start``'s year and the next."""
    rule_set = rule_set or rule_set_on(start)
    rule = rule_for(rule_set, step)
    calendar = working_calendar(range(start.year, start.year + 2))
    due = compute_due_date(
        rule, start=start, complexity=complexity, remote_area=remote_area, extensions=extensions, calendar=calendar
    )
    return rule_set, due


def working_days_left(due: date, today: date) -> int:
    """Working days from ``today`` (not counted) to ``due`` (counted): 0 on the due day, negative once it
    has passed. Uses the calendar with the administrator's overrides."""
    years = range(min(due, today).year, max(due, today).year + 1)
    return working_calendar(years).working_days_between(today, due)


@transaction.atomic
def seed_legal_data() -> None:
    """Add any missing category, rule set and rule from ``categories.py`` and ``legal_rules.py``.

    Idempotent and never overwrites: administrators own the rows once seeded. The data migration
    ``0002_seed_categories_and_rule_sets`` does the same; this is for tests that flush the database and for
    the demo."""
    for code, name, order in CATEGORIES:
        Category.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})
    for data in RULE_SETS:
        rule_set, _created = RuleSet.objects.get_or_create(
            code=data["code"],
            defaults={
                "name": data["name"],
                "effective_from": data["effective_from"],
                "legal_basis": data["legal_basis"],
            },
        )
        for row in data["rules"]:
            values = dict(row)
            step = values.pop("step")
            DeadlineRule.objects.get_or_create(rule_set=rule_set, step=step, defaults=values)
