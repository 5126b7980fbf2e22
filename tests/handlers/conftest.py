"""Fixtures for the Discord-layer tests: `fake` (a fake Discord on 127.0.0.1) and `start_bot`."""

from tests.fakediscord.runner import fake, start_bot

__all__ = ["fake", "start_bot"]
