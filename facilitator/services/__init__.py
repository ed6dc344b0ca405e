"""Use cases. Each one loads models, calls the domain, commits once and returns plain data.
Errors a user can cause are raised as `UserError` with a translatable message."""


class UserError(ValueError):
    """Something the user can fix; `message` is already translated for display."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(LookupError):
    """The thing does not exist, or belongs to someone else: the same answer for both."""
