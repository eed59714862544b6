"""How the site writes an email address down: once, for every app (registrations, advisors,
exhibitor members), so that the same person is always found under the same address."""


def email_normalize(value: str) -> str:
    """Trimmed and lower-cased: "  Jeanne.Dupont@Exemple.FR " → "jeanne.dupont@exemple.fr".

    The whole address is lower-cased (not only the domain, as Django's ``normalize_email``
    does): people type their address with random capitals on phones, and no mail provider
    they use tells two addresses apart by case.
    """
    return value.strip().lower()
