"""Speech-like text for measuring `drafter mine` on archives it was never tuned to: mobilisation
speeches of invented townships, villages, schools and agencies, with invented township, village, unit
and person names (and real cities and counties, drawn at random), in which no sentence repeats.

    python bench/speechgen.py OUT_FOLDER [--mb 10] [--seed 1]

Every sentence is composed here from small fragments written for this generator (none is taken from
corpus/ or from any published speech); the names are made of syllables drawn at random, so most of
them are in no gazetteer. Each speech also lists, in `names`, every proper name it put in the text
(for measuring how many survive de-identification), and `generic` the generic words it used that must
stay (上级党委, 全镇, 各村…).

Deterministic: the same --mb and --seed give the same files, byte for byte."""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

# Syllables for invented names. Place names: a first and a second character; many combinations are
# not real places, some happen to be (which is fine: they are names either way).
_PLACE_1 = "青石柳桃梅杏松桂兰荷云霞丰富福禄盛兴旺隆清双黄龙凤鹤鹿苍翠碧紫檀桑榆枫杉竹茅蒲芦菱莲沙泥岩磊砚"
_PLACE_2 = "溪塘湾桥岭坡坪岗源泉峰谷林庄屯铺堡寨冲坝洲滩营店埠垄畈墩圩岔垭坳湄渡"
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚卢谭陆汪范金廖贾夏韦方邹孟熊秦邱江薛段雷侯龙史陶黎贺顾毛郝龚邵万覃武戴"
_GIVEN = "建国志强明华立新海涛振宇春晓秋菊冬梅玉兰桂芳德胜永红卫东光辉文斌俊杰淑珍秀英世昌家驹翠屏元庆树林双喜长生金水银河"
_COUNTY_SUFFIX = ("县", "区", "市")
_BODIES = ("教育局", "卫生局", "农业局", "民政局", "财政局", "交通局", "水利局", "林业局", "人社局", "住建局",
           "科技局", "商务局", "文化局", "审计局", "统计局")
_PROVINCE_BODIES = ("高校工委", "教育工委", "农科院党委", "林科院党委", "国资委党委", "机关工委")
_LEADER_TITLES = ("书记", "县长", "副书记", "部长", "市长", "主任", "局长")
_NATIONAL = ("总书记", "同志")

# Fragments of the genre, written for this generator.
_SUBJECTS = ("各级党组织", "全体党员", "党员干部", "各村党支部", "机关各支部", "各基层党组织", "班子成员",
             "广大党员", "各党总支", "全体教职工党员", "社区党组织", "驻村干部", "各站所党支部", "全体机关干部",
             "各非公企业党组织", "党员志愿者", "领导干部", "支部书记", "村两委成员", "年轻干部", "窗口单位党员",
             "教师党员", "医务人员党员", "农村党员", "离退休党员", "入党积极分子", "各职能部门", "各科室负责人")
_MODAL = ("要切实", "必须", "要始终", "要进一步", "要认真", "要主动", "要坚持", "务必", "要", "应当", "要着力",
          "要善于", "要敢于", "要继续", "一定要", "要紧紧围绕中心", "要结合岗位实际", "要对照标准")
_VERBS = ("加强", "健全", "完善", "落实", "创新", "深化", "推进", "规范", "强化", "抓好", "提升", "改进", "探索",
          "建立", "拓展", "夯实", "优化", "严格", "加快", "狠抓", "着力改善", "认真做好", "扎实开展", "统筹推进")
_OBJECTS = ("组织领导", "宣传引导", "工作机制", "督促检查", "分类指导", "典型示范", "考核评价", "责任落实",
            "联系群众的制度", "作风建设", "服务能力", "基层基础", "活动载体", "公开承诺", "领导点评", "群众评议",
            "阵地建设", "组织生活", "工作纪律", "结对帮扶", "民主管理", "村务公开", "便民服务", "技能培训",
            "信息报送", "制度建设", "队伍管理", "教育培训", "安全生产", "环境整治", "矛盾调处", "产业发展",
            "党员积分管理", "志愿服务", "流动党员管理", "后备干部培养", "远程教育", "党务公开", "窗口服务",
            "教学管理", "师德师风", "医疗服务", "项目建设", "招商引资", "社会治安", "民生实事", "信访稳定",
            "资金管理", "档案整理", "台账建设")
_ACTIONS = tuple(v + o for v in _VERBS for o in _OBJECTS)
_GOALS = ("确保活动取得实效", "推动各项工作落到实处", "为改革发展提供坚强保证", "让群众真正得到实惠",
          "使活动成为推动发展的强大动力", "把党员的积极性调动起来", "形成比学赶超的良好局面",
          "努力营造风清气正的环境", "以实际成效取信于民", "使基层党组织更加坚强有力",
          "切实把好事办好、实事办实", "促进中心工作再上新台阶", "不断增强党组织的凝聚力",
          "推动服务水平明显提升", "为群众办成一批实事", "使每名党员都成为一面旗帜")
_FOR = ("为", "推动", "促进", "保障", "助推", "服务", "带动", "支撑")
_FIELDS = ("农业增效", "农民增收", "教育教学质量提高", "医疗卫生事业发展", "机关效能提升", "社区和谐稳定",
           "企业健康发展", "城乡统筹发展", "新农村建设", "经济社会又好又快发展", "重点项目建设", "民生改善",
           "生态环境保护", "平安创建", "文明创建", "招商引资工作", "学校内涵发展", "群众生活水平提高")
_PURPOSES = _GOALS + tuple(f + x for f in _FOR for x in _FIELDS)
_OPENERS = ("同时，", "另外，", "特别是，", "在此基础上，", "与此同时，", "总之，", "具体来说，", "为此，", "")
_SIGNIFICANCE = ("开展创先争优活动，是{x}的重要举措", "深入开展这项活动，是{x}的必然要求",
                 "搞好这次活动，是{x}的现实需要", "开展好这项活动，是{x}的有力保障")
_SIG_X = ("加强基层党组织建设", "推动科学发展", "服务人民群众", "提高党员队伍素质", "促进社会和谐",
          "巩固学习实践活动成果", "推动城乡统筹发展", "密切党群干群关系", "提升机关效能",
          "建设学习型党组织", "完成全年目标任务", "增强基层组织活力")
_STAGES = ("动员部署阶段", "组织实施阶段", "总结提高阶段", "自查整改阶段", "公开承诺阶段", "检查验收阶段")
_STAGE_DO = ("召开动员大会", "制定实施方案", "组织专题学习", "开展谈心谈话", "广泛征求意见", "认真查摆问题",
             "逐项落实整改", "评选先进典型", "撰写总结报告", "组织群众评议", "召开推进会", "开展观摩交流")
_HEADINGS = ("统一思想，提高认识，充分认识开展活动的重要意义", "明确目标，突出重点，准确把握活动的总体要求",
             "精心组织，有序推进，认真抓好各个阶段的工作", "加强领导，强化保障，确保活动取得实效",
             "创新载体，丰富形式，增强活动的吸引力", "狠抓落实，注重实效，推动活动深入开展")
_CLOSE_X = ("投身到创先争优活动中去", "扎扎实实做好各项工作", "振奋精神、开拓进取", "求真务实、埋头苦干",
            "以高度负责的精神抓好落实", "凝心聚力、攻坚克难")
_GENERIC = ("上级党委", "全镇", "各乡镇", "镇村", "全市", "各村", "本单位", "全县", "各部门", "我镇")


@dataclass
class Speech:
    """One generated speech: its text, the proper names in it and the generic words it uses."""

    name: str
    text: str
    names: list[str] = field(default_factory=list)
    generic: list[str] = field(default_factory=list)


def _real_places() -> tuple[list[str], list[str]]:
    """Prefecture-level cities (short form: 常德) and counties (full form: 汉寿县) from the
    administrative-division table drafter's gazetteer uses: archives name real cities and counties,
    which the gazetteer is there to know; townships, villages, units and people are invented."""
    import csv

    from drafter.mine.gazetteer import gazetteer_file

    prefectures, counties = [], []
    with gazetteer_file().open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code, name = row["adcode"].strip(), row["name"].strip()
            if code[2:4] != "00" and code[4:].strip("0") == "" and name.endswith("市") and len(name) == 3:
                prefectures.append(name[:-1])
            elif code[4:6] != "00" and code[6:].strip("0") == "" and name.endswith(("县", "区")) and len(name) == 3 \
                    and not name.endswith(("城区", "新区", "郊区", "矿区")):
                counties.append(name)
    return sorted(set(prefectures)), sorted(set(counties))


class _Names:
    """Names for one speech: a real prefecture and county, an invented town, villages, units and people."""

    _real: tuple[list[str], list[str]] | None = None

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        if _Names._real is None:
            _Names._real = _real_places()
        prefectures, counties = _Names._real
        self.prefecture = rng.choice(prefectures)
        self.county = rng.choice(counties)
        self.county_short = self.county[:-1]
        self.town = self.place(2) + rng.choice(("镇", "乡", "街道"))
        self.villages = [self.place(2) + rng.choice(("村", "村", "社区")) for _ in range(4)]
        self.unit = self.place(2) + rng.choice(("中学", "小学", "卫生院", "中心学校", "实验学校"))
        self.people = [self.person() for _ in range(4)]

    def place(self, size: int) -> str:
        chars = [self.rng.choice(_PLACE_1)] + [self.rng.choice(_PLACE_2) for _ in range(size - 1)]
        return "".join(chars)

    def person(self) -> str:
        return self.rng.choice(_SURNAMES) + "".join(self.rng.choice(_GIVEN) for _ in range(self.rng.choice((1, 2))))


class Generator:
    """Speeches with no sentence in common with any earlier one (of this generator instance)."""

    def __init__(self, seed: int = 1) -> None:
        self.rng = random.Random(seed)
        self.seen: set[int] = set()
        self.count = 0

    def _fresh(self, make) -> str:  # type: ignore[no-untyped-def]
        for _ in range(50):
            sentence = make()
            key = hash(sentence)  # within one process: only used to refuse repeats
            if key not in self.seen:
                self.seen.add(key)
                return sentence
        raise RuntimeError("the generator ran out of distinct sentences")

    def _plain(self) -> str:
        r = self.rng
        a, b, c = r.sample(_ACTIONS, 3)
        p, q = r.sample(_PURPOSES, 2)
        subject, modal, opener = r.choice(_SUBJECTS), r.choice(_MODAL), r.choice(_OPENERS)
        shapes = (f"{opener}{subject}{modal}{a}，{b}，{p}。",
                  f"{opener}{subject}{modal}把{a}作为重要抓手，{q}。",
                  f"要通过{a}、{b}和{c}，{p}，{q}。",
                  f"{opener}在{a}方面，{subject}{modal}{b}，{p}。",
                  f"{subject}既要{a}，又要{b}，还要{c}，{p}。",
                  f"只有{a}，才能{p}；只有{b}，才能{q}。")
        return r.choice(shapes)

    def _significance(self) -> str:
        r = self.rng
        x, y = r.sample(_SIG_X, 2)
        a, b = r.sample(_PURPOSES, 2)
        return f"{r.choice(_OPENERS)}{r.choice(_SIGNIFICANCE).format(x=x)}，也是{y}的内在要求，{a}，{b}。"

    def _stage(self, i: int) -> str:
        r = self.rng
        a, b, c = r.sample(_STAGE_DO, 3)
        return f"第{'一二三四五六'[i]}阶段为{r.choice(_STAGES)}，主要是{a}、{b}，{c}，{r.choice(_PURPOSES)}。"

    def _occasion(self, n: _Names) -> str:
        r = self.rng
        who = r.choice(("党组织和党员", "基层党组织", "各村和站所", "机关和村居", "党员干部", "全体党员"))
        shapes = (f"根据上级党委的统一部署，{n.town}党委决定在全镇{who}中开展创先争优活动，{r.choice(_PURPOSES)}。",
                  f"按照上级党委的要求，经{n.town}党委研究，从现在起在全镇{who}中开展创先争优活动。",
                  f"为{r.choice(_PURPOSES)}，{n.town}党委研究决定，在全镇{who}中深入开展创先争优活动。",
                  f"上级党委对这项工作高度重视，专门作了部署，{n.town}党委结合实际制定了实施方案，{r.choice(_PURPOSES)}。")
        return r.choice(shapes)

    def _task(self) -> str:
        r = self.rng
        a, b, c = r.sample(_ACTIONS, 3)
        shapes = (f"今天召开这次大会，主要任务是{a}、{b}，{c}，对活动进行动员部署。",
                  f"这次会议的任务，就是统一思想、明确要求，围绕{a}和{b}作出安排。",
                  f"今天的会议，主要是总结前段{a}的情况，对{b}、{c}等工作进行部署。",
                  f"召开这次动员大会，目的是把思想统一到上级的部署上来，{r.choice(_PURPOSES)}。",
                  f"下面，我就{a}、{b}讲几点意见。")
        return r.choice(shapes)

    def _closing(self) -> str:
        r = self.rng
        a, b = r.sample(_ACTIONS, 2)
        p, q = r.sample(_PURPOSES, 2)
        shapes = (f"同志们，让我们以更加饱满的热情{a}，{p}，以优异的成绩向上级党委交上满意的答卷！",
                  f"同志们，任务光荣，责任重大，我们要{a}、{b}，{p}，努力开创各项工作新局面！",
                  f"同志们，让我们紧紧团结在一起，{r.choice(_CLOSE_X)}，{q}，为建设美好家园而努力奋斗！",
                  f"希望大家会后认真抓好{a}，{r.choice(_CLOSE_X)}，{p}。",
                  f"只要我们{r.choice(_CLOSE_X)}，就一定能够{p}，{q}。")
        return r.choice(shapes)

    def _named(self, n: _Names, used: list[str], generic: list[str]) -> str:
        """A sentence that names a place, unit or person, in one of the shapes real speeches use."""
        r = self.rng
        p = r.choice(n.people)
        v = r.choice(n.villages)
        body = r.choice(_BODIES)
        province_body = "省" + r.choice(_PROVINCE_BODIES)
        shapes = [
            (f"按照中央、省、{n.prefecture}和{n.county}委的要求，{r.choice(_SUBJECTS)}{r.choice(_MODAL)}{r.choice(_ACTIONS)}。", [n.prefecture, n.county + "委"], []),
            (f"结合{n.prefecture}实际，{r.choice(_SUBJECTS)}{r.choice(_MODAL)}{r.choice(_ACTIONS)}，{r.choice(_PURPOSES)}。", [n.prefecture], []),
            (f"要认真贯彻落实{n.town}党委和{n.county}{body}党委的文件精神，{r.choice(_PURPOSES)}。", [n.town + "党委", n.county + body + "党委"], []),
            (f"{province_body}统一部署后，{r.choice(_SUBJECTS)}{r.choice(_MODAL)}{r.choice(_ACTIONS)}。", [province_body], []),
            (f"去年，{v}党总支被授予先进基层党组织荣誉称号，{r.choice(_PURPOSES)}。", [v + "党总支"], []),
            (f"{p}{r.choice(_LEADER_TITLES)}对深入开展创先争优活动提出了明确要求，{r.choice(_SUBJECTS)}{r.choice(_MODAL)}{r.choice(_ACTIONS)}。", [p], []),
            (f"{p}{r.choice(_NATIONAL)}强调，{r.choice(_SUBJECTS)}{r.choice(_MODAL)}{r.choice(_ACTIONS)}，{r.choice(_PURPOSES)}。", [p], []),
            (f"{n.town}的{v}、{r.choice(n.villages)}等地{r.choice(_MODAL)}{r.choice(_ACTIONS)}，{r.choice(_PURPOSES)}。", [n.town, v], []),
            (f"在上级党委的领导下，{n.unit}党支部{r.choice(_MODAL)}{r.choice(_ACTIONS)}，{r.choice(_PURPOSES)}。", [n.unit], []),
            (f"全镇各村{r.choice(_MODAL)}{r.choice(_ACTIONS)}，镇村两级{r.choice(_PURPOSES)}。", [], ["全镇", "各村", "镇村"]),
            (f"各乡镇、各部门{r.choice(_MODAL)}{r.choice(_ACTIONS)}，在全县形成{r.choice(('比学赶超', '争先进位', '你追我赶'))}的氛围。", [], ["各乡镇", "各部门", "全县"]),
            (f"{n.county_short}{r.choice(('各级党组织', '广大党员', '党员干部'))}{r.choice(_MODAL)}{r.choice(_ACTIONS)}，{r.choice(_PURPOSES)}。", [n.county_short], []),
        ]
        text, names, gen = r.choice(shapes)
        used += [name for name in names if name in text]
        generic += gen
        return text

    def speech(self) -> Speech:
        """One speech of 6–12 paragraphs (≈ 2,500–4,500 characters)."""
        r = self.rng
        n = _Names(r)
        self.count += 1
        names: list[str] = [n.town, n.people[0]]
        generic: list[str] = []
        year = r.choice((2010, 2011, 2012))
        lines = [f"在{n.town}创先争优活动动员大会上的讲话",
                 f"{n.people[0]}（{year}年{r.randint(3, 11)}月{r.randint(1, 28)}日）",
                 "同志们："]
        opening = [self._fresh(lambda: self._occasion(n)), self._fresh(self._task)]
        generic += ["上级党委", "全镇"]
        lines.append("".join(opening))
        numerals = "一二三四五六"
        for h, heading in enumerate(r.sample(_HEADINGS, r.randint(3, 4))):
            lines.append(f"{numerals[h]}、{heading}")
            for p in range(r.randint(2, 3)):
                sentences = []
                for s in range(r.randint(3, 6)):
                    roll = r.random()
                    if roll < 0.2:
                        sentences.append(self._fresh(lambda: self._named(n, names, generic)))
                    elif roll < 0.35 and "意义" in heading:
                        sentences.append(self._fresh(self._significance))
                    elif roll < 0.45 and "阶段" in heading:
                        sentences.append(self._fresh(lambda: self._stage(s)))
                    else:
                        sentences.append(self._fresh(self._plain))
                lines.append("".join(sentences))
        lines.append(self._fresh(self._closing))
        text = "\n".join(lines) + "\n"
        return Speech(f"{self.count:05d}.txt", text, sorted(set(names)), sorted(set(generic)))

    def speeches(self, megabytes: float):  # type: ignore[no-untyped-def]
        """Speeches until their UTF-8 size reaches `megabytes`."""
        size = 0.0
        while size < megabytes * 1e6:
            speech = self.speech()
            size += len(speech.text.encode("utf-8"))
            yield speech


def write_folder(folder: Path, megabytes: float, seed: int = 1) -> tuple[int, int]:
    """Write speeches into `folder` (one .txt each); returns (files, bytes)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = size = 0
    for speech in Generator(seed).speeches(megabytes):
        data = speech.text.encode("utf-8")
        (folder / speech.name).write_bytes(data)
        files += 1
        size += len(data)
    return files, size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--mb", type=float, default=10)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    files, size = write_folder(a.folder, a.mb, a.seed)
    print(f"{files} speeches, {size / 1e6:.1f} MB in {a.folder}", file=sys.stderr)


if __name__ == "__main__":
    main()
