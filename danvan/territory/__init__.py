"""Administrative geography: effective-dated units with successor links, and the working calendar.

Imports only danvan.core.
"""
