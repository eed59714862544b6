"""What every export to a spreadsheet (CSV, XLSX) shares, whichever app it comes from."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value) -> str:
    """Text typed by the public or by exhibitors, made harmless for spreadsheets (a cell
    starting with = or + would run as a formula in Excel)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
