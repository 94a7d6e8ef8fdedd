"""DataLoaders: one per relation, named `<Target>By<Key>Loader`, created per request (STYLE.md 8).

Get one with `info.context.loader(UserByIdLoader)` and call `.load(key)`; the endpoint runs queries with
graphql-sync-dataloaders' DeferredExecutionContext, which batches every `.load` of one level.
"""

from typing import ClassVar

from django.db import models
from graphql import GraphQLError
from graphql.pyutils import Path
from graphql_sync_dataloaders import DeferredExecutionContext, SyncDataLoader, SyncFuture


class Loader(SyncDataLoader):
    def __init__(self, context):
        super().__init__(self.batch_load)
        self.context = context

    def batch_load(self, keys: list) -> list:
        raise NotImplementedError


class ModelByIdLoader(Loader):
    model: ClassVar[type[models.Model]]  # set by each subclass

    def batch_load(self, keys):
        found = self.model.objects.in_bulk(keys)
        return [found.get(key) for key in keys]


def related_or_load(obj, relation: str, loader: Loader):
    """The related row, joined by the list's own query when it was (select_related), else loaded in a batch."""
    if type(obj)._meta.get_field(relation).is_cached(obj):
        return getattr(obj, relation)
    key = getattr(obj, f"{relation}_id")
    return None if key is None else loader.load(key)


def then(future: SyncFuture, transform):
    """A future of transform(value): `loader.load(key)` mapped, still batched with its siblings."""
    if future.done():  # a key this request loaded already
        return transform(future.result())
    mapped = SyncFuture()
    mapped.deferred_callback = future.deferred_callback  # whichever load dispatches the batch

    def settle():  # SyncFuture calls its callbacks without arguments
        if future.exception() is not None:
            mapped.set_exception(future.exception())
        else:
            mapped.set_result(transform(future.result()))

    future.add_done_callback(settle)
    return mapped


class BatchingExecutionContext(DeferredExecutionContext):
    """graphql-sync-dataloaders' execution, fitted to graphql-core 3.2.14.

    graphql-sync-dataloaders 0.1.1 (its last release) calls handle_field_error(error, return_type), but
    graphql-core >= 3.2.7 also wants the field's path to record where an error nulled the result. The
    error carries that path as a list of keys: rebuild it.
    """

    def handle_field_error(self, error: GraphQLError, return_type, path: Path | None = None) -> None:
        if path is None:
            for key in error.path or ():
                path = Path(path, key, None)
        super().handle_field_error(error, return_type, path)
