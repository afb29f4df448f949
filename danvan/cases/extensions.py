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
