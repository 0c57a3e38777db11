"""Moved: shot quotas are in ``people/time/quotas.py``, presence in ``people/presence.py``.

Kept only for ``entities/quotas.py``, which imports ``COUNT_MODES`` from here: once it
imports from ``tenko.domains.people.time.quotas``, this module goes.
"""

from tenko.domains.people.time.quotas import COUNT_MODES

__all__ = ["COUNT_MODES"]
