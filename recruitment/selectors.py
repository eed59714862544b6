"""Reads that several recruitment pages share."""

# --- Interview sessions and slots -----------------------------------------------------------


# --- The job board ---------------------------------------------------------------------------
