"""The moderators' /fact and /review: commands, forms, cards and proposals."""
