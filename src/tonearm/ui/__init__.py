"""The web UI: server-rendered pages (Jinja2 + htmx) over the same domain services as the API.

:func:`make_session_check` gives the auth middleware its view of UI sessions;
:func:`install_ui` mounts the pages and the static files on the app.
"""

from tonearm.ui.install import install_ui, make_session_check

__all__ = ["install_ui", "make_session_check"]
