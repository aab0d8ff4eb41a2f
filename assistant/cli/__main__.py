"""``python -m assistant.cli``."""

from assistant.cli.entry import main

main()
