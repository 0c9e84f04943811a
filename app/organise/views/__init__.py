"""The console's views, one module per resource; app/organise/__init__.py maps URLs to them.

The modules are imported here so that the URL table can name them as ``views.<resource>``
without binding names that would hide the console's own modules (registrants, transfer ...).
"""
from app.organise.views import (accounts, audit_log, cities, events, old_urls, programmes,  # noqa: F401
                                registrants, seminars, tours, transfer, votes)
