"""The core's errors that a person can act on. Each message is one sentence meant for them.

Adapters (the Discord error path, the CLI) show `str(error)` for any CoreError and log everything else
as a bug; the core never words an error for one adapter only.
"""

from __future__ import annotations


class CoreError(Exception):
    """A problem the person asking can understand or fix; its message is shown to them as it is."""
