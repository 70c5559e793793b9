"""The `qa` command (also `python -m qa`).

Only this module is imported before Ctrl-C is caught: the shell's own imports (argparse, the records,
about 25 ms) run inside main(), so a Ctrl-C during them exits with one line, like one at any later time.
"""

from __future__ import annotations

import sys


def main() -> int:
    try:
        from qa.cli import main as run

        return run()
    except KeyboardInterrupt:  # (from qa.cli's own main() on, its handler reports a Ctrl-C itself)
        # qa.cli's message and EXIT_INTERRUPTED, written out: that import is what may have been interrupted
        print("qa: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
