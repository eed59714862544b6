"""What the registration form posts, for the tests that send it."""


def registration(**data):
    return {
        "first_name": "Amina",
        "last_name": "Benali",
        "email": "amina@example.org",
        "privacy_consent": "on",
        **data,
    }
