"""Inter-annotator agreement: pass B scored against pass A, per batch, and every disagreement listed.

Names match when the two passes' alias lists share a normalised name (the shared scorer's `norm`);
sales also need equal units and period. Optional facts on either side never count against F1, but a
fact one pass marks optional and the other does not (or holds alone as optional), and a status that
differs, are listed as `soft` lines for the adjudicator.

    python -m tests.eval.agreement [BATCH ...]   (prints a table; writes passes/<batch>.diff.txt)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.eval.sample import HERE
from tests.eval.scoring import KINDS, shared_scorer

PASSES = HERE / "passes"
_SC = shared_scorer()


def _names(value: object) -> set[str]:
    return _SC.aliases(value)


def same_fact(kind: str, x: dict, y: dict) -> bool:
    """Whether two gold facts from different passes state the same fact."""
    if kind == "partnerships":
        xa, xb, ya, yb = _names(x["a"]), _names(x["b"]), _names(y["a"]), _names(y["b"])
        return bool((xa & ya and xb & yb) or (xa & yb and xb & ya))
    return (
        bool(_names(x["entity"]) & _names(y["entity"]))
        and int(x["units"]) == int(y["units"])
        and str(x["period_start"]) == str(y["period_start"])
        and str(x["period_end"]) == str(y["period_end"])
    )


def compare(a_doc: dict, b_doc: dict, kind: str) -> tuple[int, list[dict], list[dict]]:
    """(agreed, only in A, only in B) for one article and kind; optional facts agree with anything."""
    agreed, only_a, only_b, _ = compare_all(a_doc, b_doc, kind)
    return agreed, only_a, only_b


def compare_all(
    a_doc: dict, b_doc: dict, kind: str
) -> tuple[int, list[dict], list[dict], list[tuple[dict, dict]]]:
    """compare() plus the soft disagreements: facts both passes hold but with another optional flag
    or status (not counted in F1, listed for the adjudicator), and facts only one side marks optional."""
    a_facts, b_facts = list(a_doc.get(kind, [])), list(b_doc.get(kind, []))
    used = [False] * len(b_facts)
    agreed, only_a, soft = 0, [], []
    for fa in a_facts:
        hit = next((i for i, fb in enumerate(b_facts) if not used[i] and same_fact(kind, fa, fb)), None)
        if hit is not None:
            used[hit] = True
            fb = b_facts[hit]
            agreed += not (fa.get("optional") or fb.get("optional"))
            if bool(fa.get("optional")) != bool(fb.get("optional")) or fa.get("status") != fb.get("status"):
                soft.append((fa, fb))
        elif not fa.get("optional"):
            only_a.append(fa)
        else:
            soft.append((fa, {}))
    only_b = [fb for i, fb in enumerate(b_facts) if not used[i] and not fb.get("optional")]
    soft += [({}, fb) for i, fb in enumerate(b_facts) if not used[i] and fb.get("optional")]
    return agreed, only_a, only_b, soft


def _load(path: Path) -> dict[str, dict]:
    with path.open(encoding="utf-8") as fh:
        return {d["id"]: d for d in (json.loads(line) for line in fh if line.strip())}


def batch_agreement(batch: str) -> tuple[dict[str, float], list[str]]:
    """F1 of B against A per kind, and the disagreement lines."""
    a, b = _load(PASSES / f"{batch}.A.jsonl"), _load(PASSES / f"{batch}.B.jsonl")
    f1: dict[str, float] = {}
    lines: list[str] = []
    soft_lines: list[str] = []
    for kind in KINDS:
        tp = fa = fb = 0
        for doc_id in a:
            agreed, only_a, only_b, soft = compare_all(a[doc_id], b.get(doc_id, {}), kind)
            tp, fa, fb = tp + agreed, fa + len(only_a), fb + len(only_b)
            lines += [f"{kind} {doc_id} only A: {json.dumps(x)}" for x in only_a]
            lines += [f"{kind} {doc_id} only B: {json.dumps(x)}" for x in only_b]
            soft_lines += [f"{kind} {doc_id} soft: A={json.dumps(x)} B={json.dumps(y)}" for x, y in soft]
        f1[kind] = 2 * tp / (2 * tp + fa + fb) if tp + fa + fb else 1.0
    return f1, lines + soft_lines


def main(argv: list[str] | None = None) -> int:
    batches = argv or sorted({p.name.split(".")[0] for p in PASSES.glob("*.A.jsonl")})
    print("| batch | partnerships F1 | sales F1 | disagreements |\n|---|---|---|---|")
    for batch in batches:
        if not (PASSES / f"{batch}.B.jsonl").exists():
            continue
        f1, lines = batch_agreement(batch)
        (PASSES / f"{batch}.diff.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        hard = sum(" soft: " not in line for line in lines)
        soft = len(lines) - hard
        print(f"| {batch} | {f1['partnerships']:.3f} | {f1['sales']:.3f} | {hard} (+{soft} soft) |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
