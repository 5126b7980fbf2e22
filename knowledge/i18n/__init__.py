"""Privy in the asker's language: message catalogues, dates and region names (docs/languages.md)."""
