"""Errors a user can cause with a feedback file: a code, parameters and translations."""
from __future__ import annotations

from .texts import DEFAULT_LANGUAGE, text, translations


class FeedbackFileError(ValueError):
    """The whole file cannot be used; `message(language)` says why in one line."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(text(f"file.{code}", DEFAULT_LANGUAGE, **params))

    def __reduce__(self):
        # Pickled across the process that reads files (facilitator.isolation) with its code.
        return (_restore, (self.code, self.params))

    def message(self, language: str = DEFAULT_LANGUAGE) -> str:
        return text(f"file.{self.code}", language, **self.params)

    def translations(self) -> dict[str, str]:
        return translations(f"file.{self.code}", **self.params)


def _restore(code: str, params: dict) -> FeedbackFileError:
    return FeedbackFileError(code, **params)
