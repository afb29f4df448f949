"""``unit_path__under="/79/"``: the records in the subtree at a materialised path.

Every jurisdiction filter is a path prefix. ``startswith`` compiles to ``LIKE '/79/%'``, which PostgreSQL
answers from a ``varchar_pattern_ops`` index but SQLite cannot (its LIKE ignores case, so a binary index
does not order the matches): every scoped count scanned the whole table. On SQLite this lookup writes the
same prefix as a range, ``>= '/79/' AND < '/790'`` (the next string after every '/79/…' in binary order),
which the index answers: a commune's or province's count no longer depends on the size of the country.
The whole country ("/") stays a LIKE: a range covering every row would only steer the planner away from
better indexes.
"""

from __future__ import annotations

from django.db.models import CharField, Lookup


@CharField.register_lookup
class Under(Lookup):
    lookup_name = "under"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        prefix = self.rhs
        if not isinstance(prefix, str) or not prefix:
            raise ValueError("under: a non-empty path string is required")
        if connection.vendor == "sqlite" and prefix != "/":
            upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
            return f"({lhs} >= %s AND {lhs} < %s)", [*lhs_params, prefix, *lhs_params, upper]
        pattern = connection.ops.prep_for_like_query(prefix) + "%"
        return f"{lhs} LIKE %s ESCAPE '\\'", [*lhs_params, pattern]
