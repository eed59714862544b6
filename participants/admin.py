"""Registrations arrive with the registration issue (#3)."""
