"""Pure calendar library: time zones and (later) iCalendar building.

Imports neither Flask nor SQLAlchemy; everything here takes plain values.
"""
