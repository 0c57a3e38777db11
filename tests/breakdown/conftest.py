"""The live-server fixtures of the end-to-end suite, for the gazu tests of casting and instances."""

from tests.e2e.conftest import gazu_admin, live_server

__all__ = ["gazu_admin", "live_server"]
