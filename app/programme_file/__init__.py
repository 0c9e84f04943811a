"""The programme data file: the demo data and the organisers' import/export format, end to end.

``schema`` validates a parsed file, ``apply`` writes it to the database, ``importer`` plans and
applies the console's import (the preview included), ``export`` writes one, ``cli`` loads one.
"""
