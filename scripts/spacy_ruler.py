#!/usr/bin/env python3
"""spaCy's EntityRuler over the same text with the same aliases as `benchkit mentions`.

Usage: spacy_ruler.py PATTERNS.jsonl ARTICLES.jsonl [RUNS]

PATTERNS.jsonl holds EntityRuler phrase patterns ({"label", "pattern"}) written by
`benchkit aliases`; ARTICLES.jsonl is the benchmark corpus format (the "text" field is read).
spacy.blank("en") (no model), phrase matching on LOWER (our automaton is case-insensitive and
checks case rules afterwards). Prints one line per measurement, `key value`, for scripts/bench.
"""

import json
import sys
import time


def main() -> int:
    patterns_path, articles_path = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    import spacy

    with open(patterns_path, encoding="utf-8") as f:
        patterns = [json.loads(line) for line in f if line.strip()]
    with open(articles_path, encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    size_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6

    nlp = spacy.blank("en")
    nlp.max_length = max(nlp.max_length, max(len(t) for t in texts) + 1)
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    started = time.perf_counter()
    ruler.add_patterns(patterns)
    print(f"spacy_version {spacy.__version__}")
    print(f"patterns {len(patterns)}")
    print(f"ruler_build_s {time.perf_counter() - started:.3f}")

    tokenize, whole = [], []
    entities = 0
    for _ in range(runs):
        started = time.perf_counter()
        for text in texts:
            nlp.make_doc(text)
        tokenize.append(time.perf_counter() - started)
        started = time.perf_counter()
        entities = sum(len(doc.ents) for doc in nlp.pipe(texts))
        whole.append(time.perf_counter() - started)
    # The fastest run, as for ours: on a shared machine the others measure the neighbours too.
    tokenize_s, whole_s = min(tokenize), min(whole)
    print(f"text_mb {size_mb:.3f}")
    print(f"entities {entities}")
    print(f"tokenize_s {tokenize_s:.3f}")
    print(f"ruler_s {whole_s:.3f}")
    print(f"ruler_mb_s {size_mb / whole_s:.3f}")
    # The ruler's own share is the difference of two timings; on a busy machine it can vanish
    # into their noise, and then it is not reported.
    matching_s = whole_s - tokenize_s
    if matching_s > 0.05 * whole_s:
        print(f"matching_only_mb_s {size_mb / matching_s:.3f}")
    else:
        print("matching_only_mb_s nan")
    return 0


if __name__ == "__main__":
    sys.exit(main())
