"""The current user's views: ``/data/user/*`` and ``/actions/user/*``."""
