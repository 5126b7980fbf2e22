"""Asking Privy: @mention, /ask, the "Ask Privy" menu, and the buttons on an answer."""
