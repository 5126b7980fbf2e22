"""Sources behind the facts: checking that their links still lead where the facts say (`facts links`)."""
