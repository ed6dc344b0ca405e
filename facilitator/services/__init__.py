"""Use cases. Each one loads models, calls the domain, commits once and returns plain data.
Errors a user can cause are raised as `UserError` with a translatable message."""


class UserError(ValueError):
    """Something the user can fix; `message` is already translated for display."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(LookupError):
    """The thing does not exist, or belongs to someone else: the same answer for both."""


def of_workshop(model, workshop, object_id: int):
    """A table, round, person, rule... of this workshop by id; NotFound otherwise, so an id
    of another workshop is answered like one that does not exist."""
    from facilitator.extensions import db
    found = db.session.get(model, object_id)
    if found is None or found.workshop_id != workshop.id:
        raise NotFound(object_id)
    return found
