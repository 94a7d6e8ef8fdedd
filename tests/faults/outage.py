"""The database going away, for tests: new connections refused (a closed port), or live ones terminated."""

import socket
from contextlib import contextmanager

from django.db import connection


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the probe is closed


@contextmanager
def database_refusing_connections():
    """This thread's connection is dropped and every new one refused until the block ends.

    Only for tests on committed data (transactional_db): the test's own transaction would be lost.
    """
    saved = {key: connection.settings_dict[key] for key in ("HOST", "PORT")}
    connection.close()
    connection.settings_dict.update({"HOST": "127.0.0.1", "PORT": closed_port()})
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)
