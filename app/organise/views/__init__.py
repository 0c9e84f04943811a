"""The console's views, one module per resource; app/organise/__init__.py maps URLs to them."""
