"""The GraphQL API (issue #3): the community schema on community hosts, the platform schema on the platform host.

How to add operations for a capability `<domain>` (copy sharepool/graphql/community/members/):

- `community/<domain>/types.py`: graphene ObjectTypes (`class Meta: name = "Thing"`); enums from the
  model's choices with `graphene.Enum.from_enum`; mask personal data in resolvers.
- `community/<domain>/queries.py`: a `graphene.ObjectType` of fields; each resolver that needs rights
  carries `@requires(Permission.X)` (core/permissions.py). Lists take `**page_arguments()` and return
  `paginate(queryset, limit=..., offset=...)` as a `page_type(ItemType, "ThingPage")`.
- `community/<domain>/mutations.py`: subclasses of `DomainMutation` (core/mutations.py) declaring
  `permissions = (...)`, `Arguments`, output fields, and `perform(cls, info, **arguments)` that calls one
  domain function and returns `cls(..., errors=[])`. A `DomainError` raised below becomes
  `errors { field code message }` on the payload; a suspended community refuses every mutation unless
  `allowed_when_suspended = True`.
- `community/<domain>/loaders.py`: one DataLoader per relation, `<Target>By<Key>Loader` (subclass
  `ModelByIdLoader` or `Loader`), used as `info.context.loader(ThingByIdLoader).load(key)`.
- Add the Query and Mutation classes to the bases in `community/schema.py` (or `platform/schema.py`),
  run `python manage.py export_graphql_schema` and commit the changed `*.graphql`.
- Per-request facts (member or staff, permissions, community) are on `info.context` (core/context.py).
  The role -> permission table lives in the domain (tenants/members/permissions.py,
  platform/accounts/permissions.py); add new permissions there.
- Tests: tests/graphql/... with the `gql()` helper and `sign_in(role)` fixture (tests/graphql/conftest.py);
  a list field gets a test that its query count is the same for 2 and 50 items.
"""
