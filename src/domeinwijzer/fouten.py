"""Errors that reach the user, with a Dutch message and an exit status."""


class DomeinwijzerFout(Exception):
    """An error with a Dutch (B1) message meant for the user."""

    exit_code = 1

    def __init__(self, bericht: str):
        super().__init__(bericht)
        self.bericht = bericht


class InvoerFout(DomeinwijzerFout):
    """The input is not valid; ``problemen`` lists each problem with its JSON path."""

    exit_code = 2

    def __init__(self, problemen: list[dict]):
        self.problemen = problemen
        regels = [f"- {p['pad']}: {p['melding']}" for p in problemen]
        super().__init__("De invoer is geen geldige situatie:\n" + "\n".join(regels))
