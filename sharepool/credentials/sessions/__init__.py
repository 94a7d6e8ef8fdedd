"""Database sessions whose row names its user, so a page reads both in one statement (issue 12).

Django's documented way to extend its database sessions (a model on AbstractBaseSession and a store
naming it); in every schema, as Django's own sessions were: a session belongs to the community it was
made in (platform/hosts.py).
"""
