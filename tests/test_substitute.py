"""The direct fill-in of phrase templates gives exactly what Jinja gives, or leaves the phrase to Jinja."""

from __future__ import annotations

import pytest

from drafter.templating import make_env, substitute

CONTEXT = {"activity": "创先争优活动和学习型党组织建设", "anniversary": "90", "next_congress": "十八大",
           "priorities": "", "own": "我校"}


@pytest.mark.parametrize("text", [
    "讲{{ own }}的事。",
    '{% if "创先争优" in activity %}抓环节{% else %}抓学习{% endif %}，推进{{ activity }}。',
    "{% if '学习型' in activity %}学{% endif %}好",
    '向{% if anniversary == "90" %}建党{{ anniversary }}周年{% else %}党的{{ next_congress }}{% endif %}献礼！',
    '{% if anniversary == "91" %}甲{% else %}乙{% endif %}{% if priorities %}丙{% endif %}丁',
    "{% if priorities %}围绕{{ priorities }}等工作，{% endif %}把活动抓实。",
    "{% if own %}{{ own }}{% else %}本单位{% endif %}党组织",
])
def test_same_as_jinja(text: str) -> None:
    assert substitute(text, CONTEXT) == make_env().from_string(text).render(CONTEXT)


@pytest.mark.parametrize("text", [
    "{% if unknown %}甲{% endif %}",                      # a name the context does not have: Jinja reports it
    "{% for x in own %}{{ x }}{% endfor %}",              # anything but a simple if
    "{% if own|length > 1 %}甲{% endif %}",               # filters
    "{% if own %}{% if activity %}甲{% endif %}{% endif %}",  # nesting
    "{%- if own %}甲{% endif %}",                         # whitespace control
    "{{ own|upper }}",
])
def test_other_templates_are_left_to_jinja(text: str) -> None:
    assert substitute(text, CONTEXT) is None
