"""Views of the participants app, one module per audience: the public registration and
personal link (registration), the reception desk and doors (reception), staff's dashboard
(dashboard), exhibitors' contacts met at their stand (contacts)."""
