"""The embedded PostgreSQL used when no DATABASE_URL is set (ARCHITECTURE.md, "Embedded default").

pgserver ships PostgreSQL binaries in a wheel, so a fresh machine needs nothing but pip. The data
folder lives in the git-ignored `var/` folder; the server keeps running between commands
(cleanup_mode=None) so that `runserver`, `migrate` and the tests share it.
"""

import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from dj_database_url import DBConfig

DATABASE_NAME = "sharepool"


def embedded_database_settings(data_dir: Path) -> DBConfig:
    data_dir.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (servers, CI); pgserver then uses /tmp, which is fine.
        warnings.simplefilter("ignore")
        import pgserver

        server = pgserver.get_server(data_dir, cleanup_mode=None)
    exists = server.psql("SELECT 1 FROM pg_database WHERE datname = 'sharepool';")
    if "(1 row)" not in exists:
        server.psql("CREATE DATABASE sharepool;")
    uri = urlparse(server.get_uri(DATABASE_NAME))
    socket_dir = parse_qs(uri.query)["host"][0]
    return {
        "NAME": DATABASE_NAME,
        "USER": uri.username or "postgres",
        "PASSWORD": "",
        "HOST": socket_dir,
        "PORT": "",
    }
