import pytest
import sentry_sdk
from sentry_sdk.transport import Transport

from sharepool.platform.monitoring import init_sentry


class CapturingTransport(Transport):
    """Keeps every event in memory: nothing leaves the machine."""

    def __init__(self, options=None):
        super().__init__(options)
        self.events: list[dict] = []

    def capture_envelope(self, envelope):
        for item in envelope.items:
            if item.type == "event":
                self.events.append(item.payload.json)

    def flush(self, timeout, callback=None):
        pass

    def kill(self):
        pass


@pytest.fixture
def sentry_events():
    transport = CapturingTransport()
    init_sentry(dsn="https://public@sentry.invalid/1", environment="test", transport=transport)
    yield transport.events
    sentry_sdk.get_client().close()
    sentry_sdk.get_global_scope().set_client(None)
