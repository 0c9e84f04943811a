"""The seminar lifecycle, shared by the console's form and the programme file's import.

``rules`` says which edits registrants could not follow, ``follow_up`` does what an applied edit
sets off (reminders, promotions, emails, withdrawals, the audit entry), ``emails`` writes the
update and cancellation emails, and ``edit`` is the console's add and save.
"""
