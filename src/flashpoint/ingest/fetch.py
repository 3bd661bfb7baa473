"""Fetching feeds and pages over HTTP, politely: timeouts, a user agent that names us, conditional GET,
retries with backoff, and a pause between requests to the same host.

The `httpx.Client` is injected, so tests pass one built on `httpx.MockTransport` and never touch the
network. Failures after the retries become `FetchError`s, which readers turn into `ReadProblem`s.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urlsplit

import httpx

from ..errors import FetchError

try:
    _VERSION = version("flashpoint")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without installing
    _VERSION = "0"

USER_AGENT = f"flashpoint/{_VERSION} (news event coder; polite polling with conditional GET)"
DEFAULT_TIMEOUT = httpx.Timeout(20.0, connect=10.0)
DEFAULT_RETRIES = 3
# Statuses worth another try: the server is busy or briefly broken; anything else 4xx/5xx is final.
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 120.0  # seconds; a server asking for longer is treated as down for this run


def make_client(*, timeout: httpx.Timeout = DEFAULT_TIMEOUT, user_agent: str = USER_AGENT) -> httpx.Client:
    """The default client: timeouts on every phase, our user agent, redirects followed."""
    return httpx.Client(
        timeout=timeout,
        headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
        follow_redirects=True,
    )


@dataclass(frozen=True, slots=True)
class Fetched:
    """A successful response. `not_modified` is True for a 304 (nothing new since the last fetch)."""

    url: str
    content: bytes = b""
    content_type: str = ""
    not_modified: bool = False


class Fetcher:
    """GET with conditional requests, retries and per-host politeness.

    client (httpx.Client | None): the client to use; default `make_client()`.
    retries (int): further tries after a timeout, a connection error or a retryable status.
    backoff (float): seconds before the first retry; doubled for each next one (or the server's
        Retry-After, when it sends one).
    min_interval (float): least seconds between two requests to the same host.
    sleep, clock: injectable for tests.
    """

    def __init__(
        self,
        client: httpx.Client | None = None,
        *,
        retries: int = DEFAULT_RETRIES,
        backoff: float = 1.0,
        min_interval: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client if client is not None else make_client()
        self.retries = retries
        self.backoff = backoff
        self.min_interval = min_interval
        self._sleep = sleep
        self._clock = clock
        # url -> (ETag, Last-Modified) of the last 200 response: sent back so an unchanged feed costs a 304.
        self.validators: dict[str, tuple[str | None, str | None]] = {}
        self._last_request: dict[str, float] = {}

    def get(self, url: str, *, conditional: bool = True) -> Fetched:
        """Fetch `url`; raise FetchError (naming the URL and why) when every try failed."""
        headers: dict[str, str] = {}
        etag, modified = self.validators.get(url, (None, None)) if conditional else (None, None)
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        delay = self.backoff
        problem = "no attempt made"
        for attempt in range(self.retries + 1):
            if attempt:
                self._sleep(delay)
                delay *= 2
            self._wait_for_host(url)
            try:
                response = self.client.get(url, headers=headers)
            except httpx.TimeoutException:
                problem = "timed out"
                continue
            except httpx.TransportError as exc:
                problem = f"connection failed ({type(exc).__name__}: {exc})"
                continue
            except httpx.InvalidURL as exc:
                raise FetchError(f"not a valid URL ({exc})", where=url) from None
            if response.status_code == 304:
                return Fetched(url=str(response.url), not_modified=True)
            if response.status_code in RETRY_STATUSES:
                problem = f"HTTP {response.status_code}"
                wait = _retry_after(response.headers.get("Retry-After"))
                if wait is not None:
                    if wait > MAX_RETRY_AFTER:
                        break
                    delay = max(delay, wait)
                continue
            if response.is_error:
                raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}", where=url)
            self.validators[url] = (response.headers.get("ETag"), response.headers.get("Last-Modified"))
            return Fetched(
                url=str(response.url),
                content=response.content,
                content_type=response.headers.get("Content-Type", ""),
            )
        tries = f"{self.retries + 1} tr{'y' if self.retries == 0 else 'ies'}"
        raise FetchError(f"{problem} after {tries}", where=url)

    def _wait_for_host(self, url: str) -> None:
        host = urlsplit(url).netloc
        last = self._last_request.get(host)
        now = self._clock()
        if last is not None and now - last < self.min_interval:
            self._sleep(self.min_interval - (now - last))
            now = self._clock()
        self._last_request[host] = now

    def close(self) -> None:
        self.client.close()


def _retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def is_url(path: str) -> bool:
    return path.startswith(("http://", "https://"))
