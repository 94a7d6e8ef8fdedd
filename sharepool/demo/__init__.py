"""Demo data modelled on the reference community (shared/seed/beizhan-sharing-association.zh.txt).

One package for every seeder, above both sides: it drives the real domain functions of the platform and
of the communities, as a user would, so no domain app has to know the demo exists (issue 11).
`manage.py seed_demo` runs the seeders in order; each is idempotent.
"""
