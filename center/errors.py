"""Domain errors raised by services; one exception handler maps them to HTTP answers."""


class DomainError(Exception):
    """A business rule refused the request; the message is shown to the user as is."""

    http_status = 400

    def __init__(self, message, *, field: str | None = None):
        self.message = message
        self.field = field
        super().__init__(str(message))


class InvalidInput(DomainError):
    http_status = 400


class NotAllowed(DomainError):
    http_status = 403


class NotFound(DomainError):
    """What was asked for does not exist (or its proof, e.g. a phone number, does not match: the same answer)."""

    http_status = 404


class Conflict(DomainError):
    """The request is valid but the current state forbids it (e.g. a dossier already moved on)."""

    http_status = 409


class TooManyRequests(DomainError):
    """The client did this too often (a flood limit, center.ratelimit.spend); it may again in `retry_after`
    seconds. The message says how long, in the user's language."""

    http_status = 429

    def __init__(self, message, *, retry_after: int, field: str | None = None):
        self.retry_after = max(int(retry_after), 1)
        super().__init__(message, field=field)
