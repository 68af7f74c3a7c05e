"""Where each key of a TOML text sits: a light, non-recursive scanner.

``scan_toml`` tracks ``[table]`` and ``[[array]]`` headers, key lines, inline tables and
multi-line arrays, and measures the nesting depth without recursion, so that a hostile file
cannot exhaust the stack before tomllib sees it. It only finds positions, never values, and
never raises.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Loc = tuple[str | int, ...]
MAX_DEPTH = 32  # tables, arrays and inline tables nested deeper than this are refused


@dataclass
class TomlScan:
    """Key paths (strings for keys, ints for array entries) -> 1-based line numbers."""

    lines: dict[Loc, int] = field(default_factory=dict)
    too_deep_line: int | None = None  # first line where nesting passes MAX_DEPTH

    def line_of(self, loc: Loc) -> int | None:
        """The line of ``loc`` or of its closest enclosing key or table that is in the file."""
        for end in range(len(loc), 0, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return None

    def _note(self, path: Loc, line: int) -> None:
        for end in range(1, len(path) + 1):
            self.lines.setdefault(tuple(path[:end]), line)


_BARE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class _Scanner:
    """A forgiving, non-recursive TOML walker: positions only, never values."""

    def __init__(self, text: str) -> None:
        self.s, self.i, self.line = text, 0, 1
        self.out = TomlScan()
        self.array_counts: dict[Loc, int] = {}

    def peek(self, k: int = 0) -> str:
        j = self.i + k
        return self.s[j] if j < len(self.s) else ""

    def advance(self, k: int = 1) -> None:
        for _ in range(k):
            if self.i < len(self.s):
                if self.s[self.i] == "\n":
                    self.line += 1
                self.i += 1

    def skip_blank(self, newlines: bool) -> None:
        while True:
            c = self.peek()
            if c in (" ", "\t", "\r") or (newlines and c == "\n"):
                self.advance()
            elif c == "#":
                while self.peek() not in ("\n", ""):
                    self.advance()
            else:
                return

    def key(self) -> list[str]:
        """A dotted key (bare or quoted parts); stops before '=' or ']'."""
        parts: list[str] = []
        while True:
            self.skip_blank(False)
            c = self.peek()
            if c in ('"', "'"):
                parts.append(self.string())
            else:
                start = self.i
                while self.peek() in _BARE and self.peek():
                    self.advance()
                if self.i == start:
                    return parts
                parts.append(self.s[start:self.i])
            self.skip_blank(False)
            if self.peek() != ".":
                return parts
            self.advance()

    def string(self) -> str:
        q = self.peek()
        triple = self.s.startswith(q * 3, self.i)
        self.advance(3 if triple else 1)
        start = self.i
        while self.peek():
            c = self.peek()
            if c == "\\" and q == '"':
                self.advance(2)
                continue
            if triple and self.s.startswith(q * 3, self.i):
                end = self.i
                self.advance(3)
                while self.peek() == q:  # up to two quotes may close the content
                    self.advance()
                return self.s[start:end]
            if not triple and (c == q or c == "\n"):
                end = self.i
                self.advance(c == q)
                return self.s[start:end]
            self.advance()
        return self.s[start:]

    def run(self) -> TomlScan:
        table: Loc = ()
        while self.peek():
            self.skip_blank(True)
            if not self.peek():
                break
            line = self.line
            if self.peek() == "[":
                is_array = self.peek(1) == "["
                self.advance(2 if is_array else 1)
                path = tuple(self.key())
                if is_array:
                    index = self.array_counts.get(path, 0)
                    self.array_counts[path] = index + 1
                    table = (*path, index)
                else:
                    table = path
                self.out._note(table, line)
                if len(table) > MAX_DEPTH:
                    self.out.too_deep_line = line
                    return self.out
                self.skip_to_eol()
                continue
            parts = self.key()
            self.skip_blank(False)
            if not parts or self.peek() != "=":
                self.skip_to_eol()
                continue
            self.advance()
            path = (*table, *parts)
            self.out._note(path, line)
            if len(path) > MAX_DEPTH or not self.value(path):
                self.out.too_deep_line = self.out.too_deep_line or line
                return self.out
            self.skip_to_eol()
        return self.out

    def skip_to_eol(self) -> None:
        while self.peek() not in ("\n", ""):
            if self.peek() == "#":
                self.skip_blank(False)
                continue
            self.advance()

    def value(self, path: Loc) -> bool:
        """Walk one value; False when it nests deeper than MAX_DEPTH."""
        # Each frame: [kind, path, index or key path]. "a" = array, "t" = inline table.
        stack: list[list] = []
        expect_value = True
        while True:
            self.skip_blank(bool(stack) and stack[-1][0] == "a")
            c = self.peek()
            if not c:
                return True
            frame = stack[-1] if stack else None
            if expect_value:
                here = path if frame is None else frame[2]
                if frame is not None and frame[0] == "a":
                    here = (*frame[1], frame[2])
                    self.out._note(here, self.line)
                if c in "[{":
                    if len(here) >= MAX_DEPTH:
                        self.out.too_deep_line = self.line
                        return False
                    self.advance()
                    stack.append(["a", here, 0] if c == "[" else ["t", here, here])
                    expect_value = c == "["
                    if c == "[":
                        self.skip_blank(True)
                        if self.peek() == "]":
                            expect_value = False
                    continue
                if c in ('"', "'"):
                    self.string()
                else:
                    while self.peek() and self.peek() not in ",]}\n#":
                        self.advance()
                expect_value = False
                if not stack:
                    return True
                continue
            if frame is None:
                return True
            if c == ",":
                self.advance()
                if frame[0] == "a":
                    frame[2] += 1
                    self.skip_blank(True)
                    expect_value = self.peek() != "]"
                continue
            if c in "]}":
                self.advance()
                stack.pop()
                if not stack:
                    return True
                continue
            if frame[0] == "t":  # a key inside an inline table
                parts = self.key()
                self.skip_blank(False)
                if parts and self.peek() == "=":
                    self.advance()
                    frame[2] = (*frame[1], *parts)
                    self.out._note(frame[2], self.line)
                    expect_value = True
                    continue
            self.advance()  # something unexpected: step over it


def scan_toml(text: str) -> TomlScan:
    """Where each key, table and array entry of ``text`` starts; never raises."""
    scanner = _Scanner(text)
    try:
        return scanner.run()
    except (IndexError, ValueError, RecursionError):  # pragma: no cover - best effort only
        return scanner.out
