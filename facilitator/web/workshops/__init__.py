"""Workshop design pages: list, create, edit, tables, rounds, roster, readiness, poster."""
from facilitator.web.workshops.views import bp

__all__ = ["bp"]
