"""Demo documents and forms, made through the real services: a company rule to both sites half
signed, a notice fully signed and archived, a rule in its second revision (the first superseded),
site A's internal rule passed at last week's meeting and issued, another on the next meeting's
agenda, one due for review; form templates with a second version (approved, and awaiting)."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from propdesk.core import printing as p
from propdesk.people.models import User

from . import services
from .models import Document, FormTemplate

NAMES = ["gm", "pcm", "csm", "eng", "sec", "env", "eng_b", "lead"]
# code, author, approver (None: left as a draft awaiting approval), label, change note
VERSIONS = [
    (
        "handling_form",
        "csm",
        "gm",
        "2026.2",
        "增加“住户诉求”与“责任判定”两栏（R-CP-7），页脚加模板版本",
    ),
    ("meeting_minutes", "pcm", "gm", "2026.2", "行动项增加“完成情况”一栏"),
    ("contact_register", "csm", None, "2026.2", "增加“来访人数”一栏，待总经理审批"),
]


def _pdf(title: str, text: str) -> SimpleUploadedFile:
    buffer = p.PrintDocument(form_name=title).build([p.title(title), p.para(text)])
    return SimpleUploadedFile(f"{title}.pdf", buffer.getvalue(), content_type="application/pdf")


def _sign(doc: Document, people) -> None:
    for user in people:
        services.document_open(actor=user, document=doc)
        services.document_sign(actor=user, document=doc)


def _company_documents(u: dict, sites: dict) -> None:
    both = [sites["A"], sites["B"]]
    rule = services.document_create(
        actor=u["gm"],
        kind="company_rule",
        sites=both,
        title="客户服务中心服务规范（2026版）",
        ref_number="华庭物业〔2026〕18号",
        issuing_body="华庭物业总经理办公室",
        body="各物业服务中心须严格执行首问负责制、投诉20分钟内转派、7个工作日内办结。",
    )
    services.document_attach(
        actor=u["gm"],
        document=rule,
        upload=_pdf("客户服务中心服务规范", "首问负责制；投诉处理时限；回访要求。"),
    )
    services.document_issue(actor=u["gm"], document=rule)
    _sign(rule, [u["csm"], u["pcm"], u["eng"]])  # half signed: 秩序、环境、国贸工程 still to sign

    notice = services.document_create(
        actor=u["csm"],
        kind="notice",
        sites=[sites["A"]],
        title="关于国庆节期间加强值班的通知",
        issuing_body="翠湖花园客户服务中心",
        body="10月1日至7日各部门须安排双人值班。",
    )
    services.document_issue(actor=u["csm"], document=notice)
    _sign(notice, [u["csm"], u["pcm"], u["eng"], u["sec"], u["env"]])  # archived

    first = services.document_create(
        actor=u["pcm"],
        kind="company_rule",
        sites=[sites["A"]],
        title="装修管理规定",
        issuing_body="华庭物业工程管理部",
        signer_roles=["centre_manager", "dept_head"],
        body="装修施工时间：工作日8:00–12:00、14:00–18:00。",
    )
    services.document_issue(actor=u["pcm"], document=first)
    _sign(first, [u["pcm"], u["eng"], u["sec"], u["env"]])
    second = services.document_revise(
        actor=u["pcm"], document=first, change_note="周末禁止产生噪音的施工"
    )
    services.document_issue(actor=u["pcm"], document=second)  # the first is superseded
    _sign(second, [u["pcm"]])

    services.document_create(
        actor=u["csm"],
        kind="notice",
        sites=[sites["A"]],
        title="关于开展年度满意度调查的通知（草稿）",
        issuing_body="翠湖花园客户服务中心",
    )


def _internal_rules(u: dict, sites: dict, ctx: dict) -> None:
    meetings = ctx.get("meetings") or []
    if not meetings:
        return
    rule = services.document_create(
        actor=u["csm"],
        kind="internal_rule",
        sites=[sites["A"]],
        title="前台钥匙借用管理规定",
        issuing_body="翠湖花园物业服务中心",
        body="借用钥匙须登记姓名、房号、事由和归还时间。",
    )
    services.rule_link_meeting(actor=u["csm"], document=rule, meeting=meetings[-1])
    services.rule_submit(actor=u["csm"], document=rule)
    _sign(rule, [s.user for s in rule.signers.select_related("user")])
    services.rule_publish(actor=u["csm"], document=rule)

    due = services.document_create(
        actor=u["pcm"],
        kind="internal_rule",
        sites=[sites["A"]],
        title="交接班管理规定",
        issuing_body="翠湖花园物业服务中心",
        body="交接双方须当面核对未完成事项与设备。",
    )
    services.rule_link_meeting(actor=u["pcm"], document=due, meeting=meetings[-1])
    services.rule_submit(actor=u["pcm"], document=due)
    _sign(due, [s.user for s in due.signers.select_related("user")])
    services.rule_publish(actor=u["pcm"], document=due)
    # Issued a year ago in the story: its yearly review falls due next week.
    Document.objects.filter(pk=due.pk).update(review_due=timezone.localdate() + timedelta(days=7))

    upcoming = ctx.get("next_meeting")
    if upcoming is not None:
        draft = services.document_create(
            actor=u["csm"],
            kind="internal_rule",
            sites=[sites["A"]],
            title="前台失物招领管理办法（讨论稿）",
            issuing_body="翠湖花园物业服务中心",
            body="拾获物品须当班登记，保管期30天。",
        )
        services.rule_link_meeting(actor=u["csm"], document=draft, meeting=upcoming)


def _templates(u: dict) -> None:
    for code, author, approver, label, note in VERSIONS:
        template = FormTemplate.objects.get(code=code)
        version = services.template_version_draft(
            actor=u[author], template=template, label=label, change_note=note
        )
        if approver:
            services.template_version_approve(actor=u[approver], version=version)


def load(ctx):
    if Document.objects.exists():
        return
    u = {x.username: x for x in User.objects.filter(username__in=NAMES)}
    if len(u) < len(NAMES):
        return
    _company_documents(u, ctx["sites"])
    _internal_rules(u, ctx["sites"], ctx)
    _templates(u)
