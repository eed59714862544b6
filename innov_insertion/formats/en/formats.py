# English formats for the public pages: "Tuesday 22 December 2026", "17:00".
DATE_FORMAT = "l j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "l j F Y, H:i"
# Day before month and a 24-hour clock, as on the French pages (Django's "en" would print
# "12/22/2026 9:30 a.m.").
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
