# English formats for the public pages: "Tuesday 22 December 2026", "17:00".
DATE_FORMAT = "l j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "l j F Y, H:i"
