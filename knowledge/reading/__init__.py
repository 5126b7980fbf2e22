"""Reading a question: cleaning it, its words, what it asks for, and the date it asks about."""
