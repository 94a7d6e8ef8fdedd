# Only what differs from Django's en formats: a short month, to fit a phone's line ("Mar 5").
MONTH_DAY_FORMAT = "M j"
