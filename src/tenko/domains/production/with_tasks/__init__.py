"""The bulk reads of the breakdown pages: every entity of a kind with its tasks, the task lists
of an episode or a sequence, and the episode statistics, each in a constant number of statements.

``visibility`` says which rows a caller sees, ``rows``/``sql``/``stream``/``output`` build and
encode the listings, ``routes``, ``task_lists`` and ``stats`` serve them.
"""
