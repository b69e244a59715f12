"""An analysis (live or frozen in a report) as rows of words and numbers: the page's tables, the
Excel export and the PDF read the same rows."""

from django.utils.translation import gettext as _


def _fmt(value, suffix="") -> str:
    if value is None:
        return "—"
    return f"{value}{suffix}"


def headline_rows(a: dict) -> list[tuple[str, str]]:
    t, r, s, times = a["totals"], a["rates"], a["satisfaction"], a["times"]
    return [
        (_("Complaints"), _fmt(t["complaints"])),
        (_("Major complaints"), f"{t['major']} ({_fmt(r['major'], '%')})"),
        (_("Repeat complaints"), f"{t['repeats']} ({_fmt(r['repeats'], '%')})"),
        (_("Handled"), f"{t['handled']} ({_fmt(r['handled'], '%')})"),
        (_("Unresolved at quarter end"), _fmt(t["unresolved"])),
        (_("Average time to dispatch (min)"), _fmt(times["dispatch"])),
        (_("Average time to handle (min)"), _fmt(times["handling"])),
        (_("Average time to call back (min)"), _fmt(times["callback"])),
        (_("Callbacks reached"), _fmt(s["reached"])),
        (_("Callback satisfaction"), _fmt(s["rate"], "%")),
        (_("Average callback score"), _fmt(s["score"])),
        (
            _("Against the previous quarter (%(q)s)") % {"q": a["previous"]["quarter"]},
            f"{a['previous']['complaints']} → {t['complaints']} ({_fmt(a['change']['previous'], '%')})",
        ),
        (
            _("Against the same quarter last year (%(q)s)") % {"q": a["year_before"]["quarter"]},
            f"{a['year_before']['complaints']} → {t['complaints']}"
            f" ({_fmt(a['change']['year_before'], '%')})",
        ),
    ]


BREAKDOWNS = (
    ("by_kind", "Tickets by kind"),
    ("by_category", "By category"),
    ("by_department", "By department"),
    ("by_site", "By site"),
    ("by_severity", "By severity"),
    ("by_validity", "By validity"),
    ("by_responsibility", "By responsibility"),
    ("by_channel", "By channel"),
)


def breakdown_titles() -> dict:
    return {
        "by_kind": _("Tickets by kind"),
        "by_category": _("By category"),
        "by_department": _("By department"),
        "by_site": _("By site"),
        "by_severity": _("By severity"),
        "by_validity": _("By validity"),
        "by_responsibility": _("By responsibility"),
        "by_channel": _("By channel"),
    }


def breakdowns(a: dict) -> list[tuple[str, str, list]]:
    titles = breakdown_titles()
    return [(key, titles[key], a.get(key, [])) for key, _x in BREAKDOWNS]


def sla_rows(a: dict) -> list[tuple]:
    return [
        (
            r["name"],
            r["decided"],
            r["on_time"],
            r["breached"],
            _fmt(r["attainment"], "%"),
            _fmt(r["breach_rate"], "%"),
        )
        for r in a["sla"]
    ]


def export_rows(a: dict):
    """(section, item, value) rows of the whole analysis, for Excel."""
    for label, value in headline_rows(a):
        yield (_("Figures"), label, value)
    for _key, title, rows in breakdowns(a):
        for r in rows:
            yield (title, str(r["name"]), f"{r['n']} ({_fmt(r['rate'], '%')})")
    for m in a["by_month"]:
        yield (_("Complaints per month"), m["month"], m["n"])
    for name, decided, on_time, breached, attainment, rate in sla_rows(a):
        yield (
            _("SLA"),
            name,
            f"{on_time}/{decided} {attainment}; {_('breached')} {breached} {rate}",
        )
    for c in a["causes"]:
        yield (_("Top causes"), c["cause"], c["n"])
    for w in a["words"]:
        yield (_("Words of the complaints"), w["word"], w["n"])
