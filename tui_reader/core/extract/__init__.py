"""The full-text pipeline: a fetched page to its readable article, authors and metadata.

Pure core code (never imports textual); lxml and readability are imported only when a page is
extracted, so importing this package is cheap.
"""

from __future__ import annotations

from tui_reader.core.extract.decode import decode_page
from tui_reader.core.extract.model import AuthorInfo, Extraction
from tui_reader.core.extract.pipeline import extract

__all__ = ["AuthorInfo", "Extraction", "decode_page", "extract"]
