"""A person's own follow-up: deadline reminders and a private "what I've done" checklist (issue 21)."""
