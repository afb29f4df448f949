"""Shared kernel: Vietnamese text, audit chain, field encryption, domain errors, clock, base models.

Owns no domain models. Imports nothing from other danvan apps.
"""
