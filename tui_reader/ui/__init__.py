"""The Textual reader. Reads from the store; never fetches on the UI thread."""
