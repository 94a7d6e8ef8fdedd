"""WhiteNoise for the tests: the collected static folder is scanned once per process, not once per client.

WhiteNoise reads the whole folder (stat, headers, compressed variants of ~300 files) when its middleware
is made. A server makes it once; Django's test client makes it again for every new `Client`, and most
GraphQL tests send each request through a new one (tests/graphql/conftest.py `gql`), so a request cost
~0.1 s of scanning before it reached the code under test. Here the scan's result is kept per folder and
reused while the folder's manifest is unchanged; what is served, and with which headers, is WhiteNoise's
own answer from that scan.
"""

import os

from whitenoise.middleware import WhiteNoiseMiddleware


class WhiteNoiseScannedOnce(WhiteNoiseMiddleware):
    _scans: dict[tuple, dict] = {}  # (folder, prefix, max age, manifest stat) -> url -> StaticFile

    def update_files_dictionary(self, root, prefix):
        try:
            manifest = os.stat(os.path.join(root, "staticfiles.json"))
            written = (manifest.st_mtime_ns, manifest.st_size)
        except FileNotFoundError:
            written = None
        key = (root, prefix, self.max_age, self.allow_all_origins, self.charset, written)
        if key not in self._scans:
            kept, self.files = self.files, {}
            try:
                super().update_files_dictionary(root, prefix)
                self._scans[key] = self.files
            finally:
                self.files = {**kept, **self.files}
        else:
            self.files.update(self._scans[key])
