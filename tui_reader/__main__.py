from tui_reader.cli import main

if __name__ == "__main__":  # extraction children import this module again: do nothing then
    raise SystemExit(main())
