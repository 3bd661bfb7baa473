"""What readers yield besides Articles (`ReadProblem`), and the checks every reader applies to text."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import BinaryInput, EmptyInput, EncodingError, InputError, TooLarge
from .article import Article

DEFAULT_MAX_CHARS = 2_000_000  # ~ a 400-page book; news articles are 100x smaller
SNIFF_BYTES = 8192


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """Something wrong with one input item. `skipped` is False for warnings (the article is still coded)."""

    where: str
    reason: str
    message: str
    skipped: bool = True

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"

    @classmethod
    def from_error(cls, exc: InputError, where: str) -> ReadProblem:
        return cls(where, exc.reason, str(exc).removeprefix(f"{where}: "))


ReadItem = Article | ReadProblem


def decode_text(data: bytes, *, where: str, encoding: str = "utf-8") -> str:
    """Decode bytes strictly, refusing binary data, and say where decoding failed."""
    if b"\x00" in data[:SNIFF_BYTES] and not _is_utf16(data):
        raise BinaryInput("binary data (NUL bytes), not text", where=where)
    if encoding.lower().replace("-", "") in {"utf8", "utf8sig"} and _is_utf16(data):
        encoding = "utf-16"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise EncodingError(
            f"not valid {encoding} at line {line} (byte {exc.start}); re-encode the file or pass --encoding",
            where=where,
        ) from None
    except LookupError:
        raise EncodingError(f"unknown encoding {encoding!r}", where=where) from None
    return text.removeprefix("\ufeff")


def _is_utf16(data: bytes) -> bool:
    return data[:2] in (b"\xff\xfe", b"\xfe\xff")


def check_text(text: str, *, where: str, max_chars: int = DEFAULT_MAX_CHARS) -> None:
    """Raise an InputError when `text` is empty, over `max_chars`, or mostly control characters."""
    if not text.strip():
        raise EmptyInput("empty article (no text)", where=where)
    if len(text) > max_chars:
        raise TooLarge(
            f"article is {len(text):,} characters, over the limit of {max_chars:,} (--max-chars)", where=where
        )
    controls = sum(1 for ch in text[:SNIFF_BYTES] if ch < " " and ch not in "\n\r\t\f\v")
    if controls > 0.1 * min(len(text), SNIFF_BYTES):
        raise BinaryInput("mostly control characters: binary data, not text", where=where)


def check_problem(text: str, *, where: str, max_chars: int = DEFAULT_MAX_CHARS) -> ReadProblem | None:
    """`check_text` as a value: the problem with `text`, or None when it can be coded."""
    try:
        check_text(text, where=where, max_chars=max_chars)
    except InputError as exc:
        return ReadProblem.from_error(exc, where)
    return None
