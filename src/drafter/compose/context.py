"""The variables a phrase may use, filled from one draft's params, org type, theme and date."""

from __future__ import annotations

from drafter.dates import DateFacts, cn_date, spirit_for
from drafter.numerals import count_word
from drafter.domain import OrgType, Theme, load_roles
from drafter.params import Params


def placeholder(label: str) -> str:
    """The visible mark for a fact the user has to supply (full-width colon, as Chinese text has)."""
    return f"【待填：{label}】"


def one_line(text: str) -> str:
    """A params value fit for one line of markup: no line breaks."""
    return " ".join(str(text).split())


def make_context(params: Params, org: OrgType, theme: Theme, facts: DateFacts, count: int) -> dict[str, str]:
    """The variables phrase texts may use; `count` is the number of level-1 sections the opening
    announces. Values are plain text and are never rendered again, so a unit name like '{{ 7*7 }}'
    stays literally that."""
    unit = one_line(params.unit) if params.unit else placeholder(org.unit_label)
    meeting = one_line(params.meeting) if params.meeting else f"{unit}{theme.title}"
    role = load_roles()[params.role]
    default_title = org.title_for(params.role) or role.title
    return {
        "unit": unit,
        "own": org.self,
        "scope": org.scope,
        "people": org.people,
        "members": org.members,
        "cadres": org.cadres,
        "work": org.work,
        "party": org.party,
        "branches": org.branches,
        "branch": org.branch,
        "all_orgs": org.all_orgs,
        "branch_head": org.branch_head,
        "branch_leaders": org.branch_leaders,
        "branch_meeting": org.branch_meeting,
        "attendees": org.attendees or f"{org.scope}党员",
        "superior": one_line(params.superior) if params.superior else org.superior,
        "activity": theme.activity,
        "theme_short": theme.short,
        "this": theme.this,
        "it": theme.it,
        "meeting": meeting,
        "speaker": one_line(params.speaker) if params.speaker else placeholder("讲话人姓名"),
        "speaker_title": one_line(params.speaker_title) if params.speaker_title else default_title,
        "secretary": _secretary(params.secretary),
        # The unit's Party secretary as this speaker names them: the secretary speaking says 我, a
        # deputy names the secretary (roles.yaml chief) — never a secretary's own title in the third person.
        "chief": role.chief or _secretary(params.secretary),
        "before": one_line(params.before) if params.before else placeholder("会前传达或讲话的同志和内容"),
        "documents": documents_text(params.documents),
        "count": count_word(count) if count > 0 else "几",
        "year": f"{facts.date.year}",
        "anniversary": f"{facts.anniversary}",
        "next_congress": facts.next_congress,
        "last_congress": facts.last_congress,
        "guiding": facts.era.guiding,
        "spirit": spirit_for(facts),
        "greet": facts.greet,  # 建党90周年 / 党的十八大: what the closing looks to (eras.yaml greet)
        "event": facts.event,
        "slogan": one_line(params.slogan) if params.slogan else "",
        "priorities": "、".join(one_line(p) for p in params.priorities) or placeholder(f"{org.self}当前的重点工作"),  # 我村当前的重点工作: in the speaker's own words
        "date_text": cn_date(facts.date) if params.date_style == "chinese" else f"{facts.date.year}年{facts.date.month}月{facts.date.day}日",
    }


def _secretary(name: str | None) -> str:
    """How a deputy names the secretary who spoke first: 张明 → 张明书记; 张书记, 张明同志 stay."""
    if not name:
        return placeholder("书记姓名") + "书记"
    name = one_line(name)
    return name if name.endswith(("书记", "同志")) else f"{name}书记"


def documents_text(docs: tuple[tuple[str, str | None], ...]) -> str:
    """The superior's documents as a speech names them: 《A》（2026年3月）和《B》."""
    if not docs:
        return placeholder("上级文件名称")
    named = [f"《{one_line(t).strip('《》')}》" + (f"（{d}）" if d else "") for t, d in docs]
    return "、".join(named[:-1]) + "和" + named[-1] if len(named) > 1 else named[0]
