"""`drafter mine`: turn real speeches into phrasebank candidates.

Stages, one module each, all pure functions of typed data:
read (file -> text) · clean · segment · classify · deidentify · normalise · candidates (merge, write).
The public entry points are `drafter.mine.candidates.mine_paths` and `write_candidates`.
"""
