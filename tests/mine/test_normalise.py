"""Stage 5, normalise: known typos and deviating formulations are corrected and recorded."""

from __future__ import annotations

import pytest

from drafter.mine.normalise import list_coverage, normalise_text


@pytest.mark.parametrize("text, expected", [
    ("扎实有序推进创新争优活动", "扎实有序推进创先争优活动"),
    ("真正把创优争先工作落到实处", "真正把创先争优工作落到实处"),
    ("注意保持积极主动、即使准确、正确引导", "注意保持积极主动、及时准确、正确引导"),
    ("解决师生遇到的实际苦难", "解决师生遇到的实际困难"),
    ("动员视屏会议", "动员视频会议"),
    ("深入开展深入开展创先争优活动", "深入开展创先争优活动"),
    ("服务师生员工、加强基础组织", "服务师生员工、加强基层组织"),
    ("发挥先进模范作用", "发挥先锋模范作用"),
    ("深刻理解“五个好”、“五个带头”的主要内容", "深刻理解“五个好”、“五带头”的主要内容"),
])
def test_corrects_and_records(text: str, expected: str) -> None:
    result = normalise_text(text)
    assert result.text == expected
    assert result.changes


def test_deviation_needs_its_context() -> None:
    listed = normalise_text("带头学习提高、带头争创佳绩、带头服务群众、带头维护稳定、带头弘扬正气")
    assert "带头遵纪守法" in listed.text and "带头维护稳定" not in listed.text
    assert listed.changes == ["规范表述：带头维护稳定 → 带头遵纪守法"]
    alone = normalise_text("党员要带头维护稳定。")
    assert alone.text == "党员要带头维护稳定。" and alone.changes == []


@pytest.mark.parametrize("text", ["创先争优活动", "推动科学发展、促进社会和谐", "创新创先争优活动载体"])
def test_keeps_canonical_text(text: str) -> None:
    assert normalise_text(text).text == text
    assert normalise_text(text).changes == []


def test_list_coverage() -> None:
    present, missing = list_coverage("广泛发动，安排部署。全面争创、扎实推进。", "stages")
    assert present == ["广泛发动、安排部署", "全面争创、扎实推进"]
    assert missing == ["对标定位、晋档升级", "系统总结、完善机制"]
