"""bot.create_bot keeps its contract: a commands.Bot, and a sharded one (issue 13)."""

from __future__ import annotations

from discord.ext import commands

import bot as botmod


def test_create_bot_gives_a_commands_bot_that_runs_sharded() -> None:
    made = botmod.create_bot(botmod.Config(db=":memory:"))
    assert isinstance(made, commands.Bot) and isinstance(made, commands.AutoShardedBot)
    assert type(made).__mro__.index(commands.AutoShardedBot) < type(made).__mro__.index(commands.Bot)
