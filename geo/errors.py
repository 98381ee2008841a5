"""The one family of errors a user can cause: a broken data file, a bad source, an unusable store,
a missing download, a wrong command line.

Every such error is a `FrontlinesError` whose message is ONE line naming the file (and row) and the
problem, so the command line (`geo.cli.main`) and the dashboard (`pages.guarded`) each catch the
base alone and show that line, never a traceback. Anything else is a bug and should show one.
The classes themselves live with the module that raises them (`geo.factions.FactionDataError`,
`geo.store.StoreError`, ...); each also keeps the built-in it subclassed before (ValueError,
RuntimeError), so code catching that still works.
"""

from __future__ import annotations


class FrontlinesError(Exception):
    """A failure the user can cause and fix; the message is one line naming the file and problem."""
