"""Hostile feeds and servers: a generated corpus, run end to end (issue #7)."""
