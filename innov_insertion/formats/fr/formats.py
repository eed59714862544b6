# French formats for the public pages: "mardi 22 décembre 2026", "17h00".
DATE_FORMAT = "l j F Y"
TIME_FORMAT = r"G\hi"
DATETIME_FORMAT = r"l j F Y à G\hi"
