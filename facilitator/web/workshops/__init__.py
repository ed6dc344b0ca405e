"""Workshop design pages: list, create, edit, tables, rounds, roster, readiness, poster."""
from facilitator.web.workshops.views import bp
from facilitator.web.workshops import rehearsal  # noqa: F401,E402  (its routes join bp)

__all__ = ["bp"]
