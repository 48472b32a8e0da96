"""What keeps `check` cheap: drafter's own draft is checked without loading the tagger; when a speech
does need it, jieba's tables come from drafter's cache folder and nothing is written to the system
temp folder; the results are the same as with a cold cache."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.check.helpers import GOOD_PARAMS, build_gbt_docx

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
SRC = Path(__file__).resolve().parents[2] / "src"

_PROBE = """
import json, sys
from pathlib import Path
from drafter.check import check_file
report = check_file(Path(sys.argv[1]), params=json.loads(sys.argv[2]))
print(json.dumps({"jieba": "jieba" in sys.modules, "names": sorted(f.quote for f in report.by_rule("names.foreign"))}))
"""


def _probe(path: Path, params: dict, tmp: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(SRC), DRAFTER_CACHE=str(tmp / "cache"), TMPDIR=str(tmp / "systemp"),
               TEMP=str(tmp / "systemp"), TMP=str(tmp / "systemp"))
    (tmp / "systemp").mkdir(exist_ok=True)
    out = subprocess.run([sys.executable, "-c", _PROBE, str(path), json.dumps(params, ensure_ascii=False)],
                         env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_own_draft_is_checked_without_the_tagger(tmp_path: Path) -> None:
    got = _probe(build_gbt_docx(tmp_path / "good.docx"), GOOD_PARAMS, tmp_path)
    assert got == {"jieba": False, "names": []}


def test_tagger_tables_live_in_drafters_cache(tmp_path: Path) -> None:
    speech = next(CORPUS.glob("003_*.txt"))
    cold = _probe(speech, {}, tmp_path)
    assert cold["jieba"] and any("潘留仙" in q for q in cold["names"])
    assert list((tmp_path / "cache").glob("check-jieba-*.sqlite"))
    assert not [p.name for p in (tmp_path / "systemp").iterdir() if "jieba" in p.name]
    warm = _probe(speech, {}, tmp_path)  # from the cached tables: the same findings
    assert warm == cold
