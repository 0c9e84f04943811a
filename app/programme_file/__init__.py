"""The programme data file: the demo data and the organisers' import/export format.

``schema`` validates a parsed file, ``apply`` writes it to the database, ``cli`` loads it.
"""
