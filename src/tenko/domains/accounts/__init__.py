"""Signing in and out, tokens and passwords: the /auth routes."""
