# Only what differs from Django's zh_Hans formats: the month without a leading zero, as people write it
# ("3月5日", not "03月5日"). Everything else falls through to Django's own module.
MONTH_DAY_FORMAT = "n月j日"
