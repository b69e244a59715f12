"""Fail when a .po catalogue has an untranslated or fuzzy entry: `python -m propdesk.core.i18ncheck FILE`."""

import sys
from pathlib import Path


def problems(text: str) -> list[str]:
    found, entry = [], []
    for block in text.split("\n\n"):
        entry = [line for line in block.splitlines() if line.strip()]
        if not entry or not any(line.startswith("msgid ") for line in entry):
            continue
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in entry)
        msgid = _joined(entry, "msgid ")
        if not msgid:
            continue  # the header
        strs = [
            _joined(entry, p) for p in ("msgstr ", "msgstr[0] ", "msgstr[1] ") if _has(entry, p)
        ]
        if fuzzy or not strs or not all(strs):
            found.append(("fuzzy: " if fuzzy else "untranslated: ") + msgid)
    return found


def _has(entry, prefix):
    return any(line.startswith(prefix) for line in entry)


def _joined(entry, prefix) -> str:
    out, on = [], False
    for line in entry:
        if line.startswith(prefix):
            on = True
            out.append(line[len(prefix) :].strip().strip('"'))
        elif on and line.startswith('"'):
            out.append(line.strip().strip('"'))
        elif on:
            break
    return "".join(out)


def main(argv: list[str]) -> int:
    bad = [p for f in argv for p in problems(Path(f).read_text(encoding="utf-8"))]
    for p in bad:
        print(p)
    print(f"{len(bad)} problem(s) in {', '.join(argv)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
