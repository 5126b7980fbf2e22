"""The fake's own fixtures, for its smoke test."""

from tests.fakediscord.runner import fake, start_bot

__all__ = ["fake", "start_bot"]
