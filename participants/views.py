"""Registration pages arrive with the registration issue (#3)."""
