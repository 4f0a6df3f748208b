"""Synthetic graphs in the project's own ontology, for benchmarks.

    python bench/synth.py --triples 100000 --seed 1 --out synth-100k.ttl

The output is one Turtle file holding the shipped core (phases, axes, levels, archetypes,
assumptions, curators) plus generated records:

* extra assumptions on the shipped axes (about one per 2,000 triples), with a skewed
  (Zipf-like) popularity over all assumptions, so a few are load-bearing for many arguments
  and most for a handful;
* sources (some with arXiv ids, then with the arXiv URL the shapes require);
* arguments with 2-6 dependencies (``lcd:<arg>.<assumption>``), some responding to or
  disputing earlier arguments;
* exceptions with 1-4 observations (``lcd:<exc>.<assumption>``) and 1-3 phases.

Every literal satisfies ``ontology/shapes.ttl`` (summaries >= 40 characters, rationales >= 20,
years 1940-2026, lowercase slugs), so ``kg.load([file])`` validates. The same seed and size
always give the same bytes. The ontology itself is not written: ``kg.load`` always adds it.
"""

from __future__ import annotations

import argparse
import random
import sys
from bisect import bisect_left
from itertools import accumulate
from pathlib import Path

import pyoxigraph as ox

from kg.namespaces import LC, LCD
from kg.resources import data_dir

PREFIXES = """@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix lc: <https://w3id.org/lifecycle-kg/ontology#> .
@prefix lcd: <https://w3id.org/lifecycle-kg/id/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

ARG_KINDS = ["ThreatModel", "Proposal", "Policy", "EmpiricalResult", "Counterargument", "Meta",
             "ProblemStatement", "Benchmark"]
ARG_KIND_WEIGHTS = [5, 6, 2, 4, 2, 1, 2, 1]
EXC_KINDS = ["DocumentedSystem", "StandardPractice", "Incident", "Measurement",
             "LabDemonstration"]
PHASES = ["training", "evaluation", "deployment"]
STATUSES = ["Violated", "Weakened", "ShownToHold"]
_WORDS = (
    "model training deployment oversight sandbox gradient reward policy evaluation monitor "
    "shift feedback capability failure harm correction containment update agent proxy signal "
    "operator weights checkpoint rollout audit red-team benchmark incident data distribution "
    "situational awareness deception control scaling threshold online learning fine-tuning "
    "environment exploration safety case protocol trusted untrusted review gate release"
)
_SURNAMES = ("Abe Baker Chen Diaz Evans Fischer Garcia Hughes Ito Jones Kim Lopez Meyer Novak "
             "Okafor Patel Quinn Rossi Sato Tanaka Umar Varga Weber Xu Yilmaz Zhou")
_GIVEN = "Ada Ben Cleo Dev Eli Fay Gus Hana Ivo Jun Kai Lea Max Nia Oli Pia Raj Sam Tia Uma"
WORDS = _WORDS.split()
SURNAMES = _SURNAMES.split()
GIVEN = _GIVEN.split()


def _core() -> tuple[str, int, dict[str, list[str]], list[str]]:
    """Core Turtle text, its triple count, levels per axis, and the shipped assumptions."""
    core = data_dir() / "core"
    files = sorted(core.glob("*.ttl"))
    text = "\n".join(f.read_text(encoding="utf-8") for f in files)
    store = ox.Store()
    for f in files:
        store.bulk_load(f.read_bytes(), format=ox.RdfFormat.TURTLE)
    levels: dict[str, list[str]] = {}
    q = f"""SELECT ?p ?l WHERE {{ ?p <{LC}levels> ?s .
        ?l <http://www.w3.org/2004/02/skos/core#inScheme> ?s }} ORDER BY ?p ?l"""
    for sol in store.query(q):  # type: ignore[union-attr]
        levels.setdefault(sol[0].value[len(LCD):], []).append(sol[1].value[len(LCD):])
    q = f"SELECT ?a WHERE {{ ?a a <{LC}Assumption> }} ORDER BY ?a"
    assumptions = [sol[0].value[len(LCD):] for sol in store.query(q)]  # type: ignore[union-attr]
    return text, len(store), levels, assumptions


class Writer:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.triples = 0

    def record(self, subject: str, pairs: list[tuple[str, str]]) -> None:
        """One subject block: ``pairs`` of (predicate, object) in Turtle syntax."""
        body = " ;\n    ".join(f"{p} {o}" for p, o in pairs)
        self.parts.append(f"lcd:{subject} {body} .\n")
        self.triples += len(pairs)


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def generate(triples: int, seed: int = 0) -> str:
    """Turtle text for a valid graph of about ``triples`` triples (core included)."""
    rng = random.Random(seed)
    core_text, core_n, levels, shipped = _core()
    w = Writer()
    w.triples = core_n
    axes = sorted(levels)

    # extra assumptions on the shipped axes
    assumptions = list(shipped)
    for i in range(max(0, triples // 2000)):
        axis = rng.choice(axes)
        slug = f"synth-assumption-{i:05d}"
        pairs = [
            ("a", "lc:Assumption"),
            ("rdfs:label", f'"Synthetic assumption {i} about {axis}"@en'),
            ("rdfs:comment", f'"A generated proposition that {axis} takes a given value '
                             f'({_text(rng, 4)})."@en'),
            ("lc:aboutProperty", f"lcd:{axis}"),
            ("lc:expectedValue", f"lcd:{rng.choice(levels[axis])}"),
        ]
        if rng.random() < 0.8:
            pairs.append(("lc:phase", f"lcd:{rng.choice(PHASES)}"))
        w.record(slug, pairs)
        assumptions.append(slug)
    # skewed popularity: weight 1/rank^1.1 over a seeded shuffle
    popular = assumptions[:]
    rng.shuffle(popular)
    cum = list(accumulate(1.0 / (r + 1) ** 1.1 for r in range(len(popular))))

    def pick(k: int) -> list[str]:
        got: dict[str, None] = {}
        while len(got) < k:
            got[popular[bisect_left(cum, rng.random() * cum[-1])]] = None
        return sorted(got)

    sources: list[str] = []
    arguments: list[str] = []

    def source(i: int) -> str:
        if sources and rng.random() < 0.3:
            return rng.choice(sources[-50:])  # reuse a recent one (it is already cited)
        slug = f"src-{i:07d}"
        year = rng.randint(1990, 2026)
        names = [f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}" for _ in range(rng.randint(1, 4))]
        pairs = [
            ("a", "lc:Source"),
            ("dcterms:title", f'"On {_text(rng, 5)} ({slug})"'),
            ("lc:hasAuthor", " , ".join(f"lcd:{slug}.author-{i}"
                                        for i in range(1, len(names) + 1))),
            ("lc:year", str(year)),
        ]
        w.triples += len(names) - 1
        if rng.random() < 0.6:
            # unique per source (one work, one record): the serial number is the source's own
            arxiv = f"{(i // 100000) % 100:02d}{1 + (i // 10_000_000) % 12:02d}.{i % 100000:05d}"
            pairs += [("schema:url", f"<https://arxiv.org/abs/{arxiv}>"),
                      ("lc:arxivId", f'"{arxiv}"')]
        else:
            pairs.append(("schema:url", f"<https://example.org/papers/{slug}>"))
        if rng.random() < 0.4:
            pairs.append(("lc:venue", f'"{rng.choice(SURNAMES)} Workshop {year}"'))
        w.record(slug, pairs)
        for i, name in enumerate(names, 1):
            w.record(f"{slug}.author-{i}", [("a", "lc:Author"), ("lc:position", str(i)),
                                            ("lc:name", f'"{name}"')])
        sources.append(slug)
        return slug

    n = 0
    while w.triples < triples:
        n += 1
        if n % 4:  # three arguments for every exception
            slug = f"arg-{n:07d}"
            deps = pick(rng.randint(2, 6))
            src = source(n)
            pairs = [
                ("a", "lc:Argument"),
                ("rdfs:label", f'"Argument {n}: {_text(rng, 4)}"'),
                ("lc:kind", "lc:" + rng.choices(ARG_KINDS, ARG_KIND_WEIGHTS)[0]),
                ("lc:summary", f'"Synthetic argument {n} claims that {_text(rng, 12)}."'),
                ("dcterms:source", f"lcd:{src}"),
                ("lc:hasDependency", " , ".join(f"lcd:{slug}.{d}" for d in deps)),
            ]
            w.triples += len(deps) - 1
            if arguments and rng.random() < 0.1:
                pairs.append(("lc:respondsTo", f"lcd:{rng.choice(arguments)}"))
            if arguments and rng.random() < 0.05:
                pairs.append(("lc:disputes", f"lcd:{rng.choice(arguments)}"))
            w.record(slug, pairs)
            for d in deps:
                w.record(f"{slug}.{d}", [
                    ("a", "lc:Dependency"),
                    ("lc:assumption", f"lcd:{d}"),
                    ("lc:direction", "lc:RequiresHolds" if rng.random() < 0.8
                     else "lc:RequiresFails"),
                    ("lc:strength", "lc:Necessary" if rng.random() < 0.8 else "lc:Supporting"),
                    ("lc:evidence", rng.choice(["lc:ExplicitInSource", "lc:CuratorReading"])),
                    ("lc:locator", f'"Section {rng.randint(1, 9)}.{rng.randint(1, 9)}"'),
                    ("lc:rationale", f'"The argument relies on this because {_text(rng, 6)}."'),
                    *REVIEW,
                    ("dcterms:created", f'"2026-{rng.randint(1, 12):02d}-'
                                        f'{rng.randint(1, 28):02d}"^^xsd:date'),
                ])
            arguments.append(slug)
        else:
            slug = f"exc-{n:07d}"
            obs = pick(rng.randint(1, 4))
            phases = sorted(rng.sample(PHASES, rng.randint(1, 3)))
            src = source(n)
            w.record(slug, [
                ("a", "lc:Exception"),
                ("rdfs:label", f'"Exception {n}: {_text(rng, 4)}"'),
                ("lc:year", str(rng.randint(1990, 2026))),
                ("lc:kind", "lc:" + rng.choice(EXC_KINDS)),
                ("lc:summary", f'"Synthetic case {n} documents that {_text(rng, 12)}."'),
                ("dcterms:source", f"lcd:{src}"),
                ("lc:phase", " , ".join(f"lcd:{p}" for p in phases)),
                ("lc:hasObservation", " , ".join(f"lcd:{slug}.{o}" for o in obs)),
            ])
            w.triples += len(phases) - 1 + len(obs) - 1
            for o in obs:
                w.record(f"{slug}.{o}", [
                    ("a", "lc:Observation"),
                    ("lc:assumption", f"lcd:{o}"),
                    ("lc:status", "lc:" + rng.choices(STATUSES, [5, 3, 2])[0]),
                    ("lc:evidence", rng.choice(["lc:ExplicitInSource", "lc:CuratorReading"])),
                    ("lc:locator", f'"Section {rng.randint(1, 9)}"'),
                    ("lc:rationale", f'"The case bears on this because {_text(rng, 6)}."'),
                    *REVIEW,
                    ("dcterms:created", f'"2026-{rng.randint(1, 12):02d}-'
                                        f'{rng.randint(1, 28):02d}"^^xsd:date'),
                ])
    return core_text + "\n" + PREFIXES + "\n" + "\n".join(w.parts)


#: review provenance every synthetic link carries (as curated links must)
REVIEW = [
    ("prov:wasAttributedTo", "lcd:curator-a"), ("lc:reviewedBy", "lcd:reviewer-1"),
    ("lc:reviewedOn", '"2026-11-30"^^xsd:date'), ("lc:reviewOutcome", "lc:Confirmed"),
    ("lc:versionRead", '"synthetic v1"'), ("lc:copyRead", "lc:PrimaryCopy"),
]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--triples", type=int, required=True, help="about how many triples")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", required=True, help="Turtle file to write")
    args = p.parse_args(argv)
    text = generate(args.triples, args.seed)
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
