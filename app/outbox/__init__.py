"""Outgoing mail: ``enqueue`` writes a message in the caller's transaction; ``deliver_due``
(called by the scheduler's delivery job) sends what is due over one SMTP connection per batch."""
