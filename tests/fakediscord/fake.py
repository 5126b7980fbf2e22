"""FakeDiscord: the server with everything users can do in it."""

from tests.fakediscord.commands import CommandActions


class FakeDiscord(CommandActions):
    """Fake Discord server plus the driver API tests use to act as users (see the package docstring)."""
