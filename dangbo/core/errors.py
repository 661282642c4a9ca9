"""The one exception services raise when an action is impossible.

Its message is Vietnamese and meant for the user; views put it on the form, commands print it.
A service that raises it has changed nothing (every service runs in one transaction).
"""


class DomainError(Exception):
    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    def __str__(self) -> str:
        return str(self.message)
