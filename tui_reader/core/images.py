"""Downloading a story's pictures into the cache, keyed by content, within the fetch limits."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from tui_reader.core.net import Fetcher, FetchError
from tui_reader.core.store.images import StoredImage

IMAGE_ACCEPT = "image/avif,image/webp,image/png,image/jpeg,image/gif;q=0.9,image/*;q=0.8"
RASTER = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/avif": ".avif",
    "image/bmp": ".bmp",
}


async def download_image(
    fetcher: Fetcher, story_id: int, url: str, cache_dir: Path, *, lead: bool = False
) -> StoredImage:
    """Fetch one picture; a failure comes back as a record with the reason, never an exception."""
    try:
        response = await fetcher.get(url, accept=IMAGE_ACCEPT)
    except FetchError as error:
        return StoredImage(story_id, url, "", "", 0, "", "failed", str(error), lead)
    kind = response.content_type.split(";")[0].strip().lower()
    if kind not in RASTER:
        reason = f"not a picture we show ({kind or 'no content type'})"
        return StoredImage(story_id, url, "", "", 0, kind, "failed", reason, lead)
    digest = hashlib.sha256(response.body).hexdigest()
    relative = Path("images") / digest[:2] / f"{digest}{RASTER[kind]}"
    target = cache_dir / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(response.body)
            os.replace(temporary, target)  # never a half-written file under the real name
        except OSError as error:
            Path(temporary).unlink(missing_ok=True)
            return StoredImage(
                story_id, url, "", "", 0, kind, "failed", f"cannot save: {error}", lead
            )
    return StoredImage(
        story_id, url, digest, str(relative), len(response.body), kind, "ok", "", lead
    )
