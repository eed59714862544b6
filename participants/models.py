"""Participants, bookings and waiting lists arrive with the registration issue (#3)."""
