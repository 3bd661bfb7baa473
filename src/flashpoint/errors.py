"""Errors Flashpoint raises. Every message names what went wrong and, where it can, where.

FlashpointError
├── ConfigError          a setting or option is unusable (e.g. the spaCy model is not installed)
├── InputError           one input item is unusable; batches report it and go on
│   ├── EmptyInput
│   ├── BinaryInput
│   ├── EncodingError
│   ├── MalformedRecord  a JSON line that is not valid JSON or lacks "text"
│   ├── TooLarge
│   └── FetchError       a URL that could not be fetched (timeouts, HTTP errors) after retries
├── StoreError           the database cannot be opened or written
└── EvaluationError      gold data missing or in an unexpected format
"""

from __future__ import annotations


class FlashpointError(Exception):
    """Base class of every error Flashpoint raises on purpose."""


class ConfigError(FlashpointError):
    pass


class InputError(FlashpointError):
    """An input item that cannot be coded. `reason` is a short key used in batch summaries."""

    reason = "unusable input"

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class EmptyInput(InputError):
    reason = "empty"


class BinaryInput(InputError):
    reason = "binary"


class EncodingError(InputError):
    reason = "undecodable"


class MalformedRecord(InputError):
    reason = "malformed record"


class TooLarge(InputError):
    reason = "too large"


class FetchError(InputError):
    reason = "fetch failed"


class StoreError(FlashpointError):
    pass


class EvaluationError(FlashpointError):
    pass
