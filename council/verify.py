"""Checks a session's published ballot box (the JSON of `ballot_box.published_box`) from the
data alone: every ballot's proofs, the sums, every decryption share's proof, the officers'
commitments against the public key, and the counts. No database, no Django: run it on a
downloaded file with `python -m council.verify box.json`, or `manage.py verify_tally <session>`.
"""

from __future__ import annotations

import json
import sys

from council import crypto


def _parts(entry: dict, holders: dict[int, crypto.EccPoint], sums, threshold: int, key_id: str):
    """The first `threshold` officers' decryption shares whose proofs check: index → [D per choice]."""
    good = {}
    for index_text, parts in sorted(entry["decryption_shares"].items(), key=lambda kv: int(kv[0])):
        index = int(index_text)
        commitment = holders.get(index)
        if commitment is None or len(parts) != len(sums):
            continue
        context = f"{key_id}/decrypt/{entry['item']}"
        names = ("for", "against", "abstain")
        if all(
            crypto.check_decryption_share(ct, part, commitment=commitment, context=f"{context}/{name}")
            for name, ct, part in zip(names, sums, parts, strict=True)
        ):
            good[index] = [crypto.decode_point(part["d"]) for part in parts]
        if len(good) == threshold:
            break
    return good


def counts_of(entry: dict, *, threshold: int, holders: list[dict], key_id: str | None = None) -> dict | None:
    """The counts an item's decryption shares give, or None while fewer than `threshold` check."""
    if key_id is None:
        key_id = entry.get("_key_id", "")
    commitments = {h["index"]: crypto.decode_point(h["commitment"]) for h in holders if h["commitment"]}
    sums = [crypto.Ciphertext.from_dict(ct) for ct in entry["sums"]]
    good = _parts(entry, commitments, sums, threshold, key_id)
    if len(good) < threshold:
        return None
    most = len(entry["ballots"])
    counts = {}
    for position, name in enumerate(("for", "against", "abstain")):
        counts[name] = crypto.combine(sums[position], {i: d[position] for i, d in good.items()}, most=most)
    return counts


def check_box(record: dict) -> list[str]:
    """Every problem found in the record (empty: the published counts are the sum of the
    published ballots, decrypted by the officers' shares)."""
    problems = []
    public = crypto.decode_point(record["public_key"])
    key_id, threshold, choices = record["key_id"], record["threshold"], tuple(record["choices"])
    commitments = {h["index"]: crypto.decode_point(h["commitment"]) for h in record["holders"]}
    if not crypto.commitments_agree(public, commitments, threshold):
        problems.append("the officers' commitments do not make the public key")
    seen = set()
    for entry in record["items"]:
        where = f"item {entry['position']}"
        context = crypto.ballot_context(key_id, entry["item"])
        cts = []
        for ballot in entry["ballots"]:
            canonical = json.dumps(ballot, sort_keys=True, separators=(",", ":"))
            digest = crypto.fingerprint(canonical)
            if digest in seen:
                problems.append(f"{where}: ballot {digest[:16]} twice")
            seen.add(digest)
            if not crypto.check_ballot(public, ballot, choices=choices, context=context):
                problems.append(f"{where}: ballot {digest[:16]} has a proof that does not check")
            cts.append([crypto.Ciphertext.from_dict(row) for row in ballot["choices"]])
        sums = [crypto.total(row[i] for row in cts) for i in range(len(choices))]
        if [ct.as_dict() for ct in sums] != entry["sums"]:
            problems.append(f"{where}: the sums are not the sums of its ballots")
            continue
        try:
            counts = counts_of({**entry, "_key_id": key_id}, threshold=threshold, holders=record["holders"])
        except crypto.CryptoError:
            problems.append(f"{where}: the decryption shares give no count")
            continue
        if counts is None:
            problems.append(f"{where}: fewer than {threshold} decryption shares check")
        elif entry.get("counts") not in (None, counts):
            problems.append(f"{where}: the published counts {entry['counts']} are not the decrypted {counts}")
        elif sum(counts.values()) != len(entry["ballots"]):
            problems.append(f"{where}: the counts do not add up to the ballots")
    return problems


def main(argv: list[str]) -> int:
    with open(argv[1], encoding="utf-8") as handle:
        record = json.load(handle)
    problems = check_box(record)
    for problem in problems:
        print("FAIL", problem)
    if not problems:
        ballots = sum(len(entry["ballots"]) for entry in record["items"])
        print(
            f"OK session {record['session']}: {len(record['items'])} items, {ballots} ballots, counts verified"
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
