"""The reader's core: fetching, parsing, cleaning and storing. Never imports textual."""
