"""``lifecycle-kg plot matrix``: the explorer's argument x assumption matrix as a figure for
papers and slides (SVG, PDF or PNG by the file's suffix), drawn with matplotlib.

Rows are arguments grouped by kind, columns assumptions grouped by axis then phase (the
explorer's order); a cell's colour is the dependency's direction, paler where it is the
curator's reading, outlined red where a documented case contradicts the premise.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.atomic import write_atomic

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph

COLOURS = {"holds": "#2b6cb0", "fails": "#c05621", "argues-fails": "#6b46c1"}
LABELS = {"holds": "requires it to hold", "fails": "requires it to fail",
          "argues-fails": "argues it fails"}
SUFFIXES = (".svg", ".png", ".pdf")


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def matrix_layout(kg: KnowledgeGraph) -> tuple[list[Any], list[Any], set[tuple[str, str]]]:
    """(columns, rows, contradicted cells) in the explorer's order."""
    props = {p.id: p.label for p in kg.properties()}
    order = {p.id: p.order for p in kg.phases()}
    cols = sorted(kg.assumptions(), key=lambda a: (props[a.property_id],
                                                   order.get(a.phase_id or "", 99), a.id))
    rows = sorted(kg.arguments(), key=lambda a: (a.kind, a.id))
    hit = {(u.argument_id, u.assumption_id) for u in kg.underminings()}
    return cols, rows, hit


def plot_matrix(kg: KnowledgeGraph, out: Path) -> None:
    if out.suffix.lower() not in SUFFIXES:
        raise ValueError(f"{out.name}: write .svg, .png or .pdf")
    try:
        import matplotlib

        matplotlib.use("Agg")
        matplotlib.rcParams["svg.fonttype"] = "none"  # labels stay text: editable, searchable
        matplotlib.rcParams["svg.hashsalt"] = "lifecycle-kg"  # stable ids: same graph, same SVG
        import matplotlib.pyplot as plt
        from matplotlib.patches import Patch, Rectangle
    except ImportError:
        raise RuntimeError("plotting needs matplotlib: pip install 'lifecycle-kg[plot]'") from None
    cols, rows, hit = matrix_layout(kg)
    index = {a.id: i for i, a in enumerate(cols)}
    # one row per argument plus a header row per kind
    lines: list[tuple[str, Any]] = []
    last_kind = None
    for arg in rows:
        if arg.kind != last_kind:
            lines.append(("kind", arg.kind))
            last_kind = arg.kind
        lines.append(("arg", arg))
    height = 0.16 * len(lines) + 2.6
    fig, ax = plt.subplots(figsize=(4.6 + 0.2 * len(cols), height))
    ax.set_xlim(0, len(cols))
    ax.set_ylim(len(lines), 0)
    bands, last = [], None
    for i, a in enumerate(cols):
        if a.property_id != last:
            bands.append([i, i + 1])
            last = a.property_id
        else:
            bands[-1][1] = i + 1
    for k, (start, end) in enumerate(bands):
        if k % 2:
            ax.add_patch(Rectangle((start, 0), end - start, len(lines), color="#edf2f7", lw=0))
    labels = []
    for y, (what, item) in enumerate(lines):
        if what == "kind":
            labels.append(f"{item}")
            continue
        labels.append(_clip(item.title, 70))
        for d in item.dependencies:
            x = index.get(d.assumption_id)
            if x is None:
                continue
            ax.add_patch(Rectangle((x + 0.12, y + 0.12), 0.76, 0.76,
                                   color=COLOURS[d.direction], lw=0,
                                   alpha=1.0 if d.evidence == "explicit" else 0.45))
            if (item.id, d.assumption_id) in hit:
                ax.add_patch(Rectangle((x + 0.04, y + 0.04), 0.92, 0.92, fill=False,
                                       edgecolor="#e53e3e", lw=1.2))
    ax.set_yticks([y + 0.5 for y in range(len(lines))])
    ax.set_yticklabels(labels, fontsize=5.5)
    for tick, (what, _) in zip(ax.get_yticklabels(), lines, strict=True):
        if what == "kind":
            tick.set_fontweight("bold")
    ax.set_xticks([i + 0.5 for i in range(len(cols))])
    ax.set_xticklabels([_clip(a.label, 48) for a in cols], rotation=60, ha="left",
                       fontsize=6)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    legend = [Patch(color=c, label=LABELS[d]) for d, c in COLOURS.items()]
    legend += [Patch(color=COLOURS["holds"], alpha=0.45, label="curator's reading"),
               Patch(fill=False, edgecolor="#e53e3e", label="contradicted by a documented case")]
    ax.legend(handles=legend, loc="upper left", bbox_to_anchor=(0, 0), ncol=3, fontsize=6,
              frameon=False)
    ax.set_title(f"{len(rows)} arguments x {len(cols)} assumptions (lifecycle-kg)", fontsize=8,
                 loc="left", pad=150)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format=out.suffix.lower()[1:], dpi=200, metadata=_metadata(out))
    plt.close(fig)
    write_atomic(out, buf.getvalue())


def _metadata(out: Path) -> dict[str, Any]:
    # fixed metadata so the same graph gives the same file (no creation date in SVG/PDF)
    if out.suffix.lower() == ".svg":
        return {"Date": None, "Creator": "lifecycle-kg"}
    if out.suffix.lower() == ".pdf":
        return {"CreationDate": None, "Creator": "lifecycle-kg"}
    return {"Software": "lifecycle-kg"}
