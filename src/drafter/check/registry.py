"""Every rule, in one place: rule id → the function that finds it (severities live in rules.yaml)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable

from drafter.check.rules import (confusions, dates, format, formulations, leftovers, length, names, numbering,
                                 numbers, repetition, structure, text)

if TYPE_CHECKING:
    from drafter.check.context import Context
    from drafter.check.finding import Hit

RuleFn = Callable[["Context"], Iterable["Hit"]]

RULES: dict[str, RuleFn] = {
    "format.page": format.page,
    "format.margins": format.margins,
    "format.grid": format.grid,
    "format.font": format.font,
    "format.size": format.size,
    "format.line_spacing": format.line_spacing,
    "format.indent": format.indent,
    "format.align": format.align,
    "format.page_number": format.page_number,
    "format.bold": format.bold,
    "text.halfwidth_punct": text.halfwidth_punct,
    "text.gb2312": text.gb2312,
    "text.traditional": text.traditional,
    "text.number_space": numbers.number_space,
    "leftover.placeholder": leftovers.placeholder,
    "leftover.todo": leftovers.todo,
    "leftover.template": leftovers.template,
    "leftover.web": leftovers.web,
    "leftover.url": leftovers.url,
    "structure.truncated": leftovers.truncated,
    "numbering.gap": numbering.gap,
    "numbering.repeat": numbering.repeat,
    "numbering.mixed": numbering.mixed,
    "numbering.count": structure.announced,
    "numbering.scheme": structure.scheme,
    "numbering.order": structure.order,
    "structure.padded": structure.padded,
    "structure.salutation": structure.salutation,
    "structure.salutation_doubled": structure.doubled_salutation,
    "structure.echo": structure.echo,
    "repeat.sentence": repetition.sentence,
    "repeat.word": repetition.word,
    "formula.five_good": formulations.five_good,
    "formula.five_lead": formulations.five_lead,
    "formula.requirements": formulations.requirements,
    "formula.methods": formulations.methods,
    "formula.stages": formulations.stages,
    "formula.custom": formulations.custom,
    "confusion": confusions.confusion,
    "confusion.pattern": confusions.pattern,
    "date.anniversary": dates.anniversary,
    "date.congress": dates.congress,
    "date.era": dates.era,
    "date.leader": dates.leader,
    "date.stripped": numbers.stripped,
    "date.no_day": numbers.no_day,
    "date.congress_numerals": numbers.congress_numerals,
    "names.foreign": names.foreign,
    "length.target": length.target,
}
