"""Where tui-reader keeps its state.

Everything goes through `Paths` so that one override (`TUI_READER_HOME` or `--home`) moves the
config, the database and the cache together; tests and scripts depend on that. Folders are made
only when something is written to them, so `--help` on a fresh machine leaves no trace.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "tui-reader"
HOME_ENV = "TUI_READER_HOME"


@dataclass(frozen=True)
class Paths:
    """Where state lives: platformdirs' user folders, or all under one home (--home)."""

    config_dir: Path
    data_dir: Path
    cache_dir: Path

    @classmethod
    def under(cls, home: str | os.PathLike[str]) -> Paths:
        root = Path(home).expanduser().resolve()
        return cls(root / "config", root / "data", root / "cache")

    @classmethod
    def resolve(cls, home: str | os.PathLike[str] | None = None) -> Paths:
        """The explicit home, else `$TUI_READER_HOME`, else platformdirs' user dirs."""
        home = home or os.environ.get(HOME_ENV) or None
        if home:
            return cls.under(home)
        import platformdirs

        dirs = platformdirs.PlatformDirs(APP_NAME, appauthor=False)
        return cls(Path(dirs.user_config_dir), Path(dirs.user_data_dir), Path(dirs.user_cache_dir))

    @property
    def database(self) -> Path:
        return self.data_dir / "reader.db"

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    def ensure(self) -> Paths:
        for folder in (self.config_dir, self.data_dir, self.cache_dir):
            folder.mkdir(parents=True, exist_ok=True)
        return self
