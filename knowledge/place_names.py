"""Names people write for where they live that the place libraries do not carry as such: short forms
("NYC", "the states"), English names of first-level regions the libraries spell locally ("Bavaria" for
Bayern), and old city names still in everyday use ("Bangalore")."""

from __future__ import annotations

import re
from collections.abc import Iterator

# name -> region code. Upper-case entries are the only acronyms read as places (besides US, UK, EU...):
# "ICO" or "ANPD" after "to the" is a regulator, not Icó in Brazil.
SHORT_NAMES = {
    "NYC": "us",
    "LA": "us",
    "SF": "us",
    "DC": "us",
    "the states": "us",
    "stateside": "us",
    "the us of a": "us",
    "Bay Area": "us",
    "UAE": "ae",
    "NZ": "nz",
    "Bangalore": "in",
    "Bombay": "in",
    "Madras": "in",
    "Calcutta": "in",
    "Bavaria": "de",
    "Lower Saxony": "de",
    "North Rhine-Westphalia": "de",
    "Hesse": "de",
    "Saxony": "de",
    "Thuringia": "de",
    "Catalonia": "es",
    "Andalusia": "es",
    "Basque Country": "es",
    "Galicia": "es",
    "Valencia": "es",
    "Brittany": "fr",
    "Normandy": "fr",
    "Corsica": "fr",
    "Tuscany": "it",
    "Lombardy": "it",
    "Sicily": "it",
    "Sardinia": "it",
    "Piedmont": "it",
    "Flanders": "be",
    "Wallonia": "be",
    "Quebec": "ca",
    "Québec": "ca",
    # Australian states as Australians write them (unambiguous three-letter forms only)
    "NSW": "au",
    "QLD": "au",
    "Tassie": "au",
    # parts of countries people name that are no first-level region
    "SoCal": "us",
    "NorCal": "us",
    "Yorkshire": "uk",
    "the Midlands": "uk",
    "Cornwall": "uk",
}
ACRONYMS = frozenset(n for n in SHORT_NAMES if n.isupper())


def first_level_regions() -> Iterator[tuple[str, str]]:
    """(name, country code) for every first-level subdivision pycountry lists (states, provinces,
    Länder, autonomous communities), each local and bracketed spelling separately."""
    import pycountry

    for sub in pycountry.subdivisions:
        if sub.parent_code is not None:
            continue
        code = sub.country_code.lower()
        for part in re.split(r"\s*[\[\]]\s*", sub.name):
            name = re.sub(r",.*$|\s+[A-Z]{2}-[A-Z0-9]+$", "", part).strip()
            if name:
                yield name, code
