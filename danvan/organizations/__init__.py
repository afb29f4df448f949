"""Agencies and bodies (UBND, HĐND, Party committees, Ban Tuyên giáo và Dân vận, MTTQ, mass
organisations, departments, police), their positions and document symbols.

Kinds and names are data: the 2025 merger renamed "Ban Dân vận" to "Ban Tuyên giáo và Dân vận",
and the next reform will rename something else. Imports territory and core only.
"""
