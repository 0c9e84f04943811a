"""Organisers' changes to a seminar that registrants must hear about: a new time, a cancellation.

The organiser console calls ``service.move_seminar`` and ``service.cancel_seminar``; each change,
its emails and the withdrawal of stale reminders are one transaction.
"""
