"""The one shape of a business rule saying no, shared by every app's services."""


class DomainError(Exception):
    """A rule says no. ``code`` names the rule; ``message`` is written for the person
    concerned, from the subclass's ``messages`` (French, translated through gettext)."""

    messages: dict = {}

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        self.message = self.messages[code] % params
        super().__init__(self.message)
