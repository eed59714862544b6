"""Views of the participants app: the public registration and the personal link
(registration). The day itself (desk, doors, dashboard, stand contacts) is ``onsite``."""
