"""The core's errors that a person can act on. Each message is one sentence meant for them.

Adapters (the Discord error path, the CLI) show `str(error)` for any CoreError and log everything else
as a bug; the core never words an error for one adapter only.
"""

from __future__ import annotations


class CoreError(Exception):
    """A problem the person asking can understand or fix; its message is shown to them as it is.

    `public`, when set, is the sentence for people in Discord: the message itself may name a file
    (PRIVY_DB's path) that only the bot's operator, on the command line, should see.
    """

    public: str | None = None
