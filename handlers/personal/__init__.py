"""A person's own follow-up in Discord: reminders, the checklist, and the DMs that go with them."""
