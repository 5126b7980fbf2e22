"""What /privacy show and forget say of reminders and the checklist for someone who set none (issue 21)."""

NOTHING_PERSONAL = {"reminders": 0, "checklist": 0, "checklist_dms": False}
NO_PERSONAL_DELETED = {"reminders": 0, "checklist": 0}
