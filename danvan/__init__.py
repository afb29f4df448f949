"""Danvan ("Dân vận số"): the platform for công tác dân vận chính quyền.

See docs/architecture.md for the app map and the layering rules.
"""
