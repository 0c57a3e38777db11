"""tenko: a fast, documented server for the Kitsu production-tracking API."""

__version__ = "0.1.0"
