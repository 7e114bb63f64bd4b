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


class Conflict(DomainError):
    """The request is valid but the current state forbids it (e.g. a dossier already moved on)."""

    http_status = 409
