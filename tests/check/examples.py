"""One table of must-flag / must-pass examples per rule (test_examples.py runs them all, and fails
when a registered rule has none). A text example is a speech, one paragraph per line; a docx example
is a function that writes a .docx into a folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from tests.check.helpers import GOOD_SPEECH, build_gbt_docx, build_plain_docx


@dataclass(frozen=True)
class Ex:
    text: str | None = None
    docx: Callable[[Path], Path] | None = None
    params: dict[str, Any] | None = None
    minutes: float | None = None
    rules: str | None = None  # a user rules file (YAML text)

    def __str__(self) -> str:  # readable pytest ids
        return (self.text or getattr(self.docx, "__name__", "docx"))[:30]


def _plain(folder: Path) -> Path:
    return build_plain_docx(folder / "plain.docx", [t for _, t in GOOD_SPEECH])


def _good(folder: Path) -> Path:
    return build_gbt_docx(folder / "good.docx")


def _good_with(change: Callable[[Any], None]) -> Callable[[Path], Path]:
    """The compliant draft with one thing changed by hand."""

    def build(folder: Path) -> Path:
        from docx import Document

        path = build_gbt_docx(folder / "edited.docx")
        doc = Document(str(path))
        change(doc)
        doc.save(str(path))
        return path

    build.__name__ = change.__name__
    return build


def _letter_paper(doc: Any) -> None:
    from docx.shared import Inches

    doc.sections[0].page_width, doc.sections[0].page_height = Inches(8.5), Inches(11)


def _narrow_top(doc: Any) -> None:
    from docx.shared import Mm

    doc.sections[0].top_margin = Mm(25)


def _no_grid(doc: Any) -> None:
    from docx.oxml.ns import qn

    doc.sections[0]._sectPr.find(qn("w:docGrid")).attrib.pop(qn("w:type"))


def _body_in_songti(doc: Any) -> None:
    from docx.oxml.ns import qn

    doc.styles["Normal"].element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")


def _run_in_14pt(doc: Any) -> None:
    from docx.shared import Pt

    for r in doc.paragraphs[4].runs:
        r.font.size = Pt(14)


def _heading_bold_direct(doc: Any) -> None:
    """Bold put on the runs of the first level-1 heading by hand (the B button)."""
    h = next(p for p in doc.paragraphs if p.style.name == "Heading 1")
    for r in h.runs:
        r.bold = True


def _heading_style_bold(doc: Any) -> None:
    doc.styles["Heading 1"].font.bold = True


def _single_spacing(doc: Any) -> None:
    doc.styles["Normal"].paragraph_format.line_spacing = 1.0


def _title_indented(doc: Any) -> None:
    from docx.oxml.ns import qn

    ind = doc.styles["讲话标题"].element.pPr.find(qn("w:ind"))
    ind.set(qn("w:firstLineChars"), "200")


def _title_left(doc: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT


def _no_page_number(doc: Any) -> None:
    for f in (doc.sections[0].footer, doc.sections[0].even_page_footer):
        for p in f.paragraphs:
            for r in list(p._p):
                if r.tag.endswith("}r"):
                    p._p.remove(r)


def _hyphen_page_number(doc: Any) -> None:
    for f in (doc.sections[0].footer, doc.sections[0].even_page_footer):
        for r in f.paragraphs[0].runs:
            r.text = r.text.replace("—", "-")


_SIX_GOOD = """formulations:
  six_good:
    name: “六个好”社区
    items: [居民自治好, 人居环境好, 便民服务好, 管理机制好, 治安稳定好, 社会风尚好]
    item_pattern: '[\\u4e00-\\u9fff]{4}好'
"""
_LONG = "同志们，要认真学习领会上级精神，切实抓好各项工作的落实。" * 100  # 2800 字

EXAMPLES: dict[str, dict[str, list[Ex]]] = {
    "format.page": {"flag": [Ex(docx=_plain), Ex(docx=_good_with(_letter_paper))], "pass": [Ex(docx=_good)]},
    "format.margins": {"flag": [Ex(docx=_plain), Ex(docx=_good_with(_narrow_top))], "pass": [Ex(docx=_good)]},
    "format.grid": {"flag": [Ex(docx=_plain), Ex(docx=_good_with(_no_grid))], "pass": [Ex(docx=_good)]},
    "format.font": {"flag": [Ex(docx=_plain), Ex(docx=_good_with(_body_in_songti))], "pass": [Ex(docx=_good), Ex(text="同志们：\n正文。")]},
    "format.size": {"flag": [Ex(docx=_plain), Ex(docx=_good_with(_run_in_14pt))], "pass": [Ex(docx=_good)]},
    "format.line_spacing": {"flag": [Ex(docx=_plain), Ex(docx=_good_with(_single_spacing))], "pass": [Ex(docx=_good)]},
    "format.indent": {"flag": [Ex(docx=_plain), Ex(docx=_good_with(_title_indented))], "pass": [Ex(docx=_good)]},
    "format.align": {"flag": [Ex(docx=_plain), Ex(docx=_good_with(_title_left))], "pass": [Ex(docx=_good)]},
    "format.page_number": {"flag": [Ex(docx=_plain), Ex(docx=_good_with(_no_page_number)), Ex(docx=_good_with(_hyphen_page_number))],
                           "pass": [Ex(docx=_good)]},
    "format.bold": {"flag": [Ex(docx=_good_with(_heading_bold_direct)), Ex(docx=_good_with(_heading_style_bold))],
                    "pass": [Ex(docx=_good), Ex(docx=_plain)]},
    "text.halfwidth_punct": {
        "flag": [Ex("同志们:\n开展创先争优活动,是党中央作出的重要部署。"), Ex("召开大会(扩大)。"), Ex("怎么办?")],
        "pass": [Ex("同志们：\n开展创先争优活动，是党中央作出的重要部署。"), Ex("按照GB/T 9704-2012, A4 纸；时间 9:30。")],
    },
    "text.gb2312": {
        "flag": [Ex("朱镕基同志指出。"), Ex("王堃同志。")],
        "pass": [Ex("同志们，开展创先争优活动意义重大。"), Ex("同志們，開展創先爭優活動意義重大。")],
    },
    "text.traditional": {
        "flag": [Ex("同志們：\n開展創先爭優活動，是黨中央作出的重要部署。")],
        "pass": [Ex("同志们：\n开展创先争优活动，是党中央作出的重要部署。"), Ex("朱镕基同志指出。")],
    },
    "leftover.placeholder": {
        "flag": [Ex("请XXX同志讲话。"), Ex("根据中央和**市委的部署，开展活动。"), Ex("时间从20**年6月到年底。"), Ex("某某同志作了重要讲话。"),
                 Ex("由xxx同志负责组织。"), Ex("xx局要抓好落实。")],
        "pass": [Ex("根据中央和市委的部署，开展活动。"), Ex("请登录 taxx 系统填报。"), Ex("时间从2010年6月到年底。"), Ex("【待填:学校名称】党委决定开展活动。")],
    },
    "leftover.todo": {"flag": [Ex("【待填:学校名称】党委决定开展活动。")], "pass": [Ex("城东中学党委决定开展活动。")]},
    "leftover.template": {
        "flag": [Ex("在{{ unit }}创先争优活动动员大会上的讲话"), Ex("{% if deputy %}刚才，书记作了重要讲话。{% endif %}")],
        "pass": [Ex("在城东中学创先争优活动动员大会上的讲话")],
    },
    "leftover.web": {
        "flag": [Ex("当前位置:主页 > 范文 > 讲话致辞"), Ex("来源:网友上传 浏览次数:534次"), Ex("同志们：\n要认真落实。\n- 在2025年市人代会分组讨论会上的发言(02-19).docx")],
        "pass": [Ex("要加强宣传，争创示范文明单位，营造浓厚氛围。")],
    },
    "leftover.url": {
        "flag": [Ex("本文链接:https://www.example.com/article/171169.html"), Ex("详见www.qiuzhi56.com上的通知。")],
        "pass": [Ex("要加强网上宣传阵地建设。"), Ex("（2010年7月5日）")],
    },
    "structure.truncated": {
        "flag": [Ex("同志们：\n开展创先争优活动，是党中央作出的重要部署。这一阶段的要求是，对照创先争优标")],
        "pass": [Ex("同志们：\n开展创先争优活动，是党中央作出的重要部署，我们要认真抓好落实。"), Ex("让我们以优异的成绩向建党90周年献礼！大家一起努力奋斗！")],
    },
    "numbering.gap": {
        "flag": [Ex("一、统一思想\n要提高认识。\n三、加强领导\n要落实责任。"), Ex("一、统一思想\n第二，要加强领导。"), Ex("要做好三项工作，一是加强学习，三是加强宣传。")],
        "pass": [Ex("一、统一思想\n第一，要提高认识。\n第二，要加强学习。\n二、加强领导\n第一，要落实责任。"), Ex("一是加强学习，二是加强宣传。")],
    },
    "numbering.repeat": {
        "flag": [Ex("一、统一思想\n二、明确要求\n二、加强领导"), Ex("第一，要学习。\n第二，要宣传。\n第二，要落实。")],
        "pass": [Ex("一、统一思想\n二、明确要求\n三、加强领导"), Ex("统一是前提，团结是保证。")],
    },
    "numbering.mixed": {
        "flag": [Ex("1、加强学习。\n2.加强宣传。\n3、加强落实。"), Ex("（一）把握要求\n(二)明确标准\n（三）加强领导"),
                 Ex("（一）、把握要求\n（二）、明确标准"), Ex("一.统一思想\n二.加强领导"),
                 Ex("1、加强学习。\n2、加强宣传。")],
        "pass": [Ex("1.加强学习。\n2.加强宣传。"), Ex("（一）把握要求\n（二）明确标准")],
    },
    "numbering.count": {
        "flag": [Ex("下面，我讲三点意见。\n一、统一思想\n二、加强领导"), Ex("下面，我从三个方面讲一讲。\n一、统一思想\n二、加强领导"),
                 Ex("下面，我讲三方面意见。\n一、统一思想\n二、加强领导\n三、加强宣传\n四、狠抓落实")],
        "pass": [Ex("下面，我讲两点意见。\n一、统一思想\n二、加强领导"), Ex("下面，我讲几点意见。\n一、统一思想")],
    },
    "repeat.sentence": {
        "flag": [Ex("要切实加强组织领导，确保活动取得实效。\n要切实加强组织领导，确保活动取得实效。")],
        "pass": [Ex("要切实加强组织领导，确保活动取得实效。\n要切实加强宣传引导，营造浓厚活动氛围。")],
    },
    "repeat.word": {
        "flag": [Ex("要在全校深入开展深入开展创先争优活动。"), Ex("我校党支部开展的深入开展创“创先争优”活动。"), Ex("要在在全校推开。")],
        "pass": [Ex("要实实在在地开展活动，先研究研究具体办法。"), Ex("党员干部和党员群众都要带头。"), Ex("一批一批地培养骨干。"),
                 Ex("承诺要一条一条落到实处。"), Ex("晋档升级要一个支部一个支部地过。")],
    },
    "formula.five_good": {
        "flag": [Ex("党支部要做到“五个好”，即领导班子好、党员队伍好、工作机制好、工作业绩好。"),
                 Ex("领导班子好、党员队伍好、工作作风好、工作业绩好、群众反映好。")],
        "pass": [Ex("党支部要做到“五个好”，即领导班子好、党员队伍好、工作机制好、工作业绩好、群众反映好。"),
                 Ex("对照“五个好”“五带头”的基本标准，创新活动载体。")],
    },
    "formula.five_lead": {
        "flag": [Ex("带头学习提高、带头争创佳绩、带头服务群众、带头维护稳定、带头弘扬正气。"), Ex("做到“五带头”：带头学习提高、带头争创佳绩。")],
        "pass": [Ex("带头学习提高、带头争创佳绩、带头服务群众、带头遵纪守法、带头弘扬正气。")],
    },
    "formula.requirements": {
        "flag": [Ex("总体要求是推动科学发展、促进社会和谐、服务人民群众。"), Ex("“推动科学发展、促进校园和谐、服务师生员工、加强基层组织”是总体要求。")],
        "pass": [Ex("总体要求是推动科学发展、促进社会和谐、服务人民群众、加强基层组织。")],
    },
    "formula.methods": {
        "flag": [Ex("活动采取公开承诺、领导点评、群众评议等方式进行。")],
        "pass": [Ex("活动采取公开承诺、领导点评、群众评议、评选表彰等方式进行。"), Ex("活动环节为公开承诺、领导点评、群众评议、典型引路。")],
    },
    "formula.stages": {
        "flag": [Ex("活动分阶段进行：广泛发动、安排部署；全面争创、扎实推进；对标定位、晋档升级。")],
        "pass": [Ex("活动分四个阶段：广泛发动、安排部署；全面争创、扎实推进；对标定位、晋档升级；系统总结、完善机制。"),
                 Ex("第一阶段是广泛发动，安排部署。")],
    },
    "formula.custom": {
        "flag": [Ex("把社区建设成居民自治好、人居环境好、便民服务好、管理机制好、治安稳定好的社区。", rules=_SIX_GOOD)],
        "pass": [Ex("把社区建设成居民自治好、人居环境好、便民服务好、管理机制好、治安稳定好、社会风尚好的社区。", rules=_SIX_GOOD),
                 Ex("把社区建设成居民自治好、人居环境好、便民服务好、管理机制好、治安稳定好的社区。")],
    },
    "confusion": {
        "flag": [Ex("省委召开了视屏会议。"), Ex("扎实推进创新争优活动。"), Ex("真正把创优争先工作落到实处。"), Ex("做到积极主动、即使准确。"),
                 Ex("帮助解决实际苦难。"), Ex("加强基础组织建设。")],
        "pass": [Ex("省委召开了视频会议。"), Ex("扎实推进创先争优活动。"), Ex("打牢基础，加强基层组织建设。"), Ex("即使困难再多，也要完成任务。")],
    },
    "date.anniversary": {
        "flag": [Ex("（2011年4月12日）\n以优异成绩迎接建党100周年！"), Ex("以优异成绩向建党90周年献礼！", params={"date": "2026-06-01"}),
                 Ex("热烈庆祝中国共产党成立一百周年！", params={"date": "2026-06-01"})],
        "pass": [Ex("（2011年4月12日）\n以优异成绩迎接建党90周年！"), Ex("以优异成绩庆祝建党105周年！", params={"date": "2026-06-01"}),
                 Ex("以优异成绩向建党90周年献礼！"), Ex("热烈庆祝中国共产党成立一百零五周年！", params={"date": "2026-06-01"})],
    },
    "date.congress": {
        "flag": [Ex("（2024年3月1日）\n认真学习贯彻党的十七大精神。"), Ex("（2011年4月12日）\n深入学习党的二十大精神。"),
                 Ex("学习十九届四中全会精神。", params={"date": "2024-03-01"})],
        "pass": [Ex("（2024年3月1日）\n深入学习贯彻党的二十大和二十届二中全会精神。"), Ex("（2011年4月12日）\n以优异成绩迎接党的十八大胜利召开。"),
                 Ex("打好三大攻坚战。", params={"date": "2024-03-01"}),
                 Ex("党的十一届三中全会以来，我国发生了翻天覆地的变化。", params={"date": "2024-03-01"})],
    },
    "date.era": {
        "flag": [Ex("（2024年3月1日）\n要深入贯彻落实科学发展观。")],
        "pass": [Ex("（2011年4月12日）\n要深入贯彻落实科学发展观。"), Ex("要深入贯彻落实科学发展观。")],
    },
    "names.foreign": {
        "flag": [Ex("刚才，王书记作了重要讲话。"), Ex("在服务和推动乌鲁木齐国家创新试点城市建设中再创佳绩。"), Ex("党委书记潘留仙和我在会上分别作了动员报告。"), Ex("马书记强调，要抓好落实。"), Ex("张部长出席会议。"),
                 Ex("学习《湖南涉外经济学院党员教育管理办法》。"), Ex("清华大学党委的经验值得借鉴。"), Ex("在湖南商务事业中再立新功。", params={"unit": "城东中学"})],
        "pass": [Ex("要在城市建设中再创佳绩，推动工作向深度和广度发展。"), Ex("刚才，王书记作了重要讲话。", params={"secretary": "王建国"}),
                 Ex("乌鲁木齐市科技局党组要带头。", params={"unit": "乌鲁木齐市科技局"}), Ex("同志们，全体师生要高度重视，认识其重大意义。"),
                 Ex("以高水平、高素质的队伍推动工作，杜绝形式主义，周密部署。"), Ex("任何同志都不能搞特殊，要向书记汇报。"),
                 Ex("向同志们致以崇高的敬意。"), Ex("李源潮部长作了重要讲话。"), Ex("胡锦涛总书记指出，要抓好落实。"),
                 Ex("在鄂尔多斯市创先争优活动动员大会上的讲话\n同志们：\n鄂尔多斯市各级党组织要高度重视。")],
    },
    "length.target": {
        "flag": [Ex("同志们：\n要认真学习，抓好落实。", minutes=15), Ex(_LONG, minutes=5)],
        "pass": [Ex(_LONG, minutes=14), Ex("同志们：\n要认真学习，抓好落实。"), Ex(_LONG, params={"minutes": 14})],
    },
}

_NINE = "\n".join(f"{n}是要抓好第{n}项工作。" for n in "一二三四五六七八九")
_EIGHT = "\n".join(f"{n}是要抓好第{n}项工作。" for n in "一二三四五六七八")
_INLINE_NINE = "要做到：" + "，".join(f"{n}是抓好第{n}项" for n in "一二三四五六七八九") + "。"
_OPENING = "根据县委的统一部署，全县各级党组织将深入开展创先争优活动。今天召开动员大会，对活动进行全面部署。"
_SPEECH = ("在全县创先争优活动动员大会上的讲话\n（2011年4月12日）\n{sal}" + _OPENING + "\n一、统一思想，提高认识\n"
           "开展创先争优活动意义重大，各级党组织要高度重视。\n二、加强领导，狠抓落实\n要成立领导小组，明确责任分工。\n"
           "同志们，让我们以优异的成绩迎接建党90周年！")

EXAMPLES.update({
    "text.number_space": {
        "flag": [Ex("会议于2011 年4月召开。"), Ex("时间从现在起到 5 月底。"), Ex("全县共有 1200 名党员。")],
        "pass": [Ex("会议于2011年4月召开。"), Ex("按照GB/T 9704-2012 执行。"), Ex("第一，要加强学习。")],
    },
    "numbering.scheme": {
        "flag": [Ex("一、统一思想\n第一，要提高认识。\n第二，要加强学习。\n二、加强领导\n（一）落实责任\n（二）加强督查"),
                 Ex("一、统一思想\n第一，要学习。\n第二，要宣传。\n二、明确要求\n一是要落实。\n二是要督查。")],
        "pass": [Ex("一、统一思想\n（一）提高认识\n（二）加强学习\n二、加强领导\n（一）落实责任\n（二）加强督查"),
                 Ex("一、统一思想\n（一）提高认识。一是加强学习，二是加强宣传。\n（二）加强领导\n二、狠抓落实")],
    },
    "numbering.order": {
        "flag": [Ex("一、统一思想\n1.提高认识\n（一）加强学习\n（二）加强宣传")],
        "pass": [Ex("一、统一思想\n（一）提高认识\n1.加强学习\n2.加强宣传"), Ex("一、统一思想\n1.提高认识\n2.加强学习\n二、加强领导")],
    },
    "structure.padded": {
        "flag": [Ex("一、加强领导\n" + _NINE), Ex(_INLINE_NINE)],
        "pass": [Ex("一、加强领导\n" + _EIGHT), Ex("要做到：一是抓学习，二是抓宣传，三是抓落实。")],
    },
    "structure.salutation": {
        "flag": [Ex(_SPEECH.format(sal=""))],
        "pass": [Ex(_SPEECH.format(sal="同志们：\n")), Ex(_SPEECH.format(sal="同志们，")), Ex("要认真学习，抓好落实。")],
    },
    "structure.salutation_doubled": {
        "flag": [Ex(_SPEECH.format(sal="同志们：\n同志们，")), Ex("同志们：\n同志们！今天召开大会。")],
        "pass": [Ex(_SPEECH.format(sal="同志们：\n"))],
    },
    "structure.echo": {
        "flag": [Ex("一、加强组织领导，确保活动取得实效\n加强组织领导，确保活动取得实效，是开展活动的关键。"),
                 Ex("（一）统一思想，提高认识。统一思想、提高认识，是开展活动的前提。\n（二）加强领导")],
        "pass": [Ex("一、加强组织领导，确保活动取得实效\n各级党组织要把活动摆上重要议事日程，书记亲自抓。"),
                 Ex("一、加强领导\n要加强领导。"), Ex(_SPEECH.format(sal="同志们：\n"))],
    },
    "confusion.pattern": {
        "flag": [Ex("要更好的调动广大党员的积极性。"), Ex("推动活动高质量的开展。"), Ex("截止目前，全县已有1200名党员作出承诺。"),
                 Ex("帮助群众度过难关。"), Ex("这项工作做的很扎实。")],
        "pass": [Ex("要更好地调动广大党员的积极性。"), Ex("为群众提供更好的服务。"), Ex("报名截止到5月1日。"), Ex("报名于5月1日截止。"),
                 Ex("培养认真的学习态度。"), Ex("同心同德，渡过难关。"), Ex("这项工作做得很扎实。")],
    },
    "date.leader": {
        "flag": [Ex("（2024年3月1日）\n胡锦涛总书记指出，要抓好落实。"), Ex("（2011年4月12日）\n习近平总书记强调，要抓好落实。"),
                 Ex("李源潮部长作了重要讲话。", params={"date": "2015-06-01"}), Ex("总书记胡锦涛同志指出。", params={"date": "2020-06-01"}),
                 Ex("（二〇二四年三月一日）\n胡锦涛总书记指出，要抓好落实。")],
        "pass": [Ex("（2011年4月12日）\n胡锦涛总书记指出，要抓好落实。"), Ex("（2024年3月1日）\n习近平总书记强调，要抓好落实。"),
                 Ex("（2024年3月1日）\n胡锦涛同志曾经指出。"), Ex("李源潮部长作了重要讲话。"),
                 Ex("（2011年4月12日）\n习近平副主席强调，要抓好落实。")],
    },
    "date.stripped": {
        "flag": [Ex("今月，我们召开全县大会。"), Ex("会议定于月日召开。"), Ex("于年月日前报县委组织部。")],
        "pass": [Ex("今年4月，我们召开全县大会。"), Ex("会议定于4月12日召开。"), Ex("每月1日报送。"), Ex("本月底前完成。"),
                 Ex("岁月如歌，年华似水。")],
    },
    "date.no_day": {
        "flag": [Ex("4月30、5月1日两天开展集中活动。"), Ex("定于4月30召开大会。")],
        "pass": [Ex("定于4月30日召开大会。"), Ex("3月15、16日两天开展集中活动。"), Ex("4月30日至5月1日开展集中活动。")],
    },
    "date.congress_numerals": {
        "flag": [Ex("认真学习党的19大精神。"), Ex("深入学习19届4中全会精神。"), Ex("党的第18次全国代表大会胜利召开。")],
        "pass": [Ex("认真学习党的十九大精神。"), Ex("深入学习十九届四中全会精神。"), Ex("共有19个党支部。")],
    },
})

