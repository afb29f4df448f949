"""Extension points of the case page, for the apps above cases (analytics, meetings…).

Cases must not import those apps (layering), so they register here from their AppConfig.ready():

    register_case_panel(analytics_panel)

A panel provider is ``provider(request, case) -> CasePanel | None``; it must check its own permissions
and keep to the secrecy rules (never a denouncer's identity). Panels render in the case page's side column,
in registration order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CasePanel:
    template: str
    context: dict = field(default_factory=dict)


PanelProvider = Callable[..., CasePanel | None]
_PANEL_PROVIDERS: list[PanelProvider] = []


def register_case_panel(provider: PanelProvider) -> None:
    if provider not in _PANEL_PROVIDERS:
        _PANEL_PROVIDERS.append(provider)


def case_panels(request, case) -> list[CasePanel]:
    panels = []
    for provider in _PANEL_PROVIDERS:
        panel = provider(request, case)
        if panel is not None:
            panels.append(panel)
    return panels


# --- Worklist badges --------------------------------------------------------------------------------
# A badge provider is ``provider(request, cases) -> {case_pk: [WorklistBadge, ...]}`` for the cases of one
# worklist page; like panels, it checks its own permissions and secrecy rules.


@dataclass(frozen=True)
class WorklistBadge:
    text: str
    css: str = ""  # an extra class, styled by the providing app's stylesheet
    stylesheet: str = ""  # static path of that stylesheet, linked once by the worklist


BadgeProvider = Callable[..., dict]
_BADGE_PROVIDERS: list[BadgeProvider] = []


def register_worklist_badges(provider: BadgeProvider) -> None:
    if provider not in _BADGE_PROVIDERS:
        _BADGE_PROVIDERS.append(provider)


def worklist_badges(request, cases) -> dict[int, list[WorklistBadge]]:
    badges: dict[int, list[WorklistBadge]] = {}
    if not cases:
        return badges
    for provider in _BADGE_PROVIDERS:
        for pk, items in (provider(request, cases) or {}).items():
            badges.setdefault(pk, []).extend(items)
    return badges
