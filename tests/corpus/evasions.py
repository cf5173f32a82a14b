"""Ways to write the same text that a naive matcher misses: each returns the rewritten string.

Which encoding a line uses, and where, is the generator's choice; these only transform.
"""

ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
SPACES = ["\u00a0", "\u202f", "\u2009", "\u2007", "\u3000", "\u2002"]
NAMED = {"@": "&commat;", ".": "&period;", "-": "&hyphen;", "+": "&plus;", " ": "&nbsp;", ":": "&colon;", "/": "&sol;"}


def fullwidth(s, chars=None):
    """ASCII `!`..`~` to U+FF01..U+FF5E (only `chars` if given)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" and (chars is None or c in chars) else c for c in s)


def zero_width(rnd, s, n=2):
    """Inserts `n` invisible characters at random inner positions."""
    out = list(s)
    for _ in range(n):
        out.insert(rnd.randint(1, len(out) - 1), rnd.choice(ZERO_WIDTH))
    return "".join(out)


def spaces(rnd, s):
    """Every ASCII space to one Unicode space (NBSP, thin, figure, ideographic...)."""
    sp = rnd.choice(SPACES)
    return s.replace(" ", sp)


def entity(rnd, s, chars):
    """The given characters as HTML character references: decimal, hex or named."""
    out = []
    for c in s:
        if c in chars:
            style = rnd.randrange(3)
            if style == 0 or (style == 2 and c not in NAMED):
                out.append(f"&#{ord(c)};")
            elif style == 1:
                out.append(f"&#x{ord(c):x};")
            else:
                out.append(NAMED[c])
        else:
            out.append(c)
    return "".join(out)


def json_escape(s, chars):
    """The given characters as literal `\\uXXXX` escapes inside text."""
    return "".join(f"\\u{ord(c):04x}" if c in chars else c for c in s)


def percent(s, chars, times=1):
    """The given characters percent-encoded (UTF-8), `times` times (2: `%40` -> `%2540`)."""
    out = []
    for c in s:
        if c in chars:
            enc = "".join(f"%{b:02X}" for b in c.encode())
            for _ in range(times - 1):
                enc = enc.replace("%", "%25")
            out.append(enc)
        else:
            out.append(c)
    return "".join(out)
