"""Interfaces for other systems: the token-authenticated REST API under /api/v1 (django-ninja) and the
Open311 GeoReport v2 endpoint under /open311/v2.

An interface layer only: it parses input, resolves records through the owning apps' selectors (scoped by
the token's user), calls one service, and renders the result. It owns one table (API tokens).
Imports cases, accounts, territory, core; nothing imports it.
"""
