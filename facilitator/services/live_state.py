"""How far a workshop has run: the rounds already played are history for the seating."""
from __future__ import annotations

from facilitator.domain.workshop import Status
from facilitator.models import Workshop


def rounds_played(workshop: Workshop) -> int:
    """Rounds whose seating is history: none before the workshop goes live."""
    if workshop.status in (Status.DRAFT, Status.READY):
        return 0
    run = getattr(workshop, "run", None)
    if run is None or run.round_number is None:
        return 0
    # The round under way has been seated in the room: it is history too.
    return min(run.round_number, len(workshop.rounds))
