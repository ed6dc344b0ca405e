"""SQLAlchemy 2.0 typed models, one module per aggregate. Import them all here so
Alembic and the app see every table."""
from facilitator.models.user import User
from facilitator.models.workshop import Round, Table, Workshop
from facilitator.models.roster import Participant
from facilitator.models.seating import PairRule, Seat
from facilitator.models.run import Run
from facilitator.models.notes import Note
from facilitator.models.synthesis import Cluster, KeyPoint, Solution, Vote
from facilitator.models.photos import Photo
from facilitator.models.diagnostic import (FeedbackFileChunk, FeedbackImport, FeedbackResponse,
                                           WorkshopDiagnostic)
from facilitator.models.actionplan import (Action, ActionPlan, FollowUpImport, Indicator,
                                          IndicatorValue)

__all__ = ["User", "Workshop", "Table", "Round", "Participant", "Seat", "PairRule", "Run", "Note",
           "Cluster", "KeyPoint", "Solution", "Vote", "Photo",
           "FeedbackFileChunk", "FeedbackImport", "FeedbackResponse", "WorkshopDiagnostic",
           "ActionPlan", "Action", "Indicator", "IndicatorValue", "FollowUpImport"]
