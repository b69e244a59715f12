"""The XSS corpus of SECURITY.md I1: base payloads in several contexts, each with its own number.

Every payload that would run calls `__xss(n)` (or `alert(n)`, `confirm`, `prompt`), so the browser
test can tell which one ran. Template-injection probes write `XSS{{7*7}}`-style text: evaluated, it
would read `XSS49`.
"""

# {n} is the payload's number. The first ones are short enough for 50-character name fields.
BASE = [
    "<script>__xss({n})</script>",
    "<img src=x onerror=__xss({n})>",
    "<svg onload=__xss({n})>",
    "<svg/onload=alert({n})>",
    "<body onload=__xss({n})>",
    "<iframe src=javascript:__xss({n})>",
    "<a href=javascript:__xss({n})>x{n}</a>",
    "<a href='jav&#x09;ascript:__xss({n})'>x</a>",
    "<details open ontoggle=__xss({n})>",
    "<input autofocus onfocus=__xss({n})>",
    "<video><source onerror=__xss({n})>",
    "<math><mi xlink:href=javascript:__xss({n})>x",
    "<marquee onstart=__xss({n})>",
    "<object data=javascript:__xss({n})>",
    "<embed src=javascript:__xss({n})>",
    "<form><button formaction=javascript:__xss({n})>x",
    "<isindex action=javascript:__xss({n}) type=image>",
    "<meta http-equiv=refresh content='0;url=javascript:__xss({n})'>",
    "<base href=javascript:__xss({n})//>",
    "<link rel=import href=data:text/html,<script>__xss({n})</script>>",
    "<style>@import'javascript:__xss({n})'</style>",
    "<div style=background:url(javascript:__xss({n}))>",
    '<img src=1 onerror="__xss({n})">',
    "<img src=`x`onerror=__xss({n})>",
    "<scr<script>ipt>__xss({n})</scr</script>ipt>",
    "<ScRiPt>__xss({n})</sCrIpT>",
    "%3Cscript%3E__xss({n})%3C/script%3E",
    "&lt;script&gt;__xss({n})&lt;/script&gt;",
    "\uff1cscript\uff1e__xss({n})\uff1c/script\uff1e",
    "\uff1cimg src=x onerror=__xss({n})\uff1e",
    "[x{n}](javascript:__xss({n}))",
    "![x{n}](javascript:__xss({n}))",
    "[x{n}](data:text/html;base64,PHNjcmlwdD5fX3hzcygxKTwvc2NyaXB0Pg==)",
    "<div hx-get=/ hx-trigger=load hx-on:htmx:load=__xss({n})>",
    "<div hx-on::load=__xss({n}) hx-get=/ hx-trigger=load>",
    "<template><img src=x onerror=__xss({n})></template>",
    '<noscript><p title="</noscript><img src=x onerror=__xss({n})>">',
    "javascript:__xss({n})",
    "XSS{{{{7*7}}}}{{% now 'Y' %}}{n}",
    "XSS${{7*7}}#{{7*7}}<%= 7*7 %>{n}",
    "{{{{constructor.constructor('__xss({n})')()}}}}",
    "<svg><animate onbegin=__xss({n}) attributeName=x dur=1s>",
]

# Where a payload may land: plain text, inside an attribute (double or single quoted), inside a
# textarea/title/script, inside a comment or style, and a URL context.
CONTEXTS = [
    "{p}",
    '">{p}',
    "'>{p}",
    "</textarea></title></script>{p}",
    "--></style>{p}",
    '" autofocus onfocus=__xss({n}) x="{p}',
]


def corpus() -> list[str]:
    """All payloads, numbered 1 … N (N = len(BASE) × len(CONTEXTS) ≥ 200)."""
    out = []
    for base in BASE:
        for ctx in CONTEXTS:
            n = len(out) + 1
            payload = base.format(n=n)
            out.append(ctx.replace("{n}", str(n)).replace("{p}", payload))
    return out


class Feeder:
    """Hands out payloads: `take(limit)` packs as many as fit into `limit` characters (at least
    one, chosen to fit), cycling through the corpus so every payload is written somewhere."""

    def __init__(self, payloads: list[str]):
        self.payloads = payloads
        self.next = 0
        self.used = set()

    def take(self, limit: int, *, many: bool = True) -> str:
        parts, size = [], 0
        tried = 0
        while tried < len(self.payloads):
            i = self.next % len(self.payloads)
            p = self.payloads[i]
            extra = len(p) + (1 if parts else 0)
            if size + extra <= limit:
                parts.append(p)
                size += extra
                self.used.add(i)
                self.next += 1
                if not many:
                    break
                tried = 0
                if len(parts) >= len(self.payloads):
                    break
                continue
            if parts:
                break
            self.next += 1  # too long for this field: try the next one
            tried += 1
        assert parts, f"no payload fits in {limit} characters"
        return "\n".join(parts)

    def one(self, limit: int) -> str:
        return self.take(limit, many=False)
