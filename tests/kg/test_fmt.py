"""The formatter never changes what a file means, refuses what it cannot carry, and never
leaves a half-written file."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.atomic import write_atomic
from kg.cli import main
from kg.fmt import Refusal, canonical_text

HEAD = ("@prefix lcd: <https://w3id.org/lifecycle-kg/id/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n")


def _triples(text: str) -> set[str]:
    return {str(q) for q in ox.parse(text.encode(), format=ox.RdfFormat.TURTLE)}


def test_comment_is_refused_with_its_line() -> None:
    with pytest.raises(Refusal) as err:
        canonical_text((HEAD + 'lcd:x rdfs:label "a # not a comment" .\n# a note\n').encode())
    assert err.value.line == 4 and "comment" in err.value.message


def test_hash_inside_strings_and_iris_is_not_a_comment() -> None:
    text = HEAD + 'lcd:x rdfs:label """multi\n# line""" ; rdfs:seeAlso <https://e.org/#frag> .\n'
    assert _triples(canonical_text(text.encode())) == _triples(text)


def test_relative_iri_is_refused() -> None:
    with pytest.raises(Refusal) as err:
        canonical_text((HEAD + "lcd:x rdfs:seeAlso <other.ttl> .\n").encode())
    assert "relative IRI" in err.value.message and err.value.line == 3


def test_direction_tag_is_refused() -> None:
    with pytest.raises((Refusal, SyntaxError)):
        canonical_text((HEAD + 'lcd:x rdfs:label "x"@en--ltr .\n').encode())


def test_control_characters_are_escaped() -> None:
    text = HEAD + 'lcd:x rdfs:label "bell\\u0007 nul\\u0000 del\\u007F" .\n'
    out = canonical_text(text.encode())
    assert not any(c in out for c in "\x00\x07\x7f")
    assert _triples(out) == _triples(text)


def test_rdf_star_is_refused_not_crashed() -> None:
    text = HEAD + "<< lcd:a rdfs:seeAlso lcd:b >> rdfs:label \"q\" .\n"
    with pytest.raises((Refusal, SyntaxError)):
        canonical_text(text.encode())


_label = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
_lang = st.from_regex(r"[a-z]{2}(-[A-Z]{2})?", fullmatch=True)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True), _label,
                          st.one_of(st.none(), _lang)), min_size=1, max_size=6))
def test_formatting_keeps_the_triples(records: list[tuple[str, str, str | None]]) -> None:
    lines = []
    for slug, label, lang in records:
        lit = ox.Literal(label, language=lang) if lang else ox.Literal(label)
        lines.append(f"lcd:{slug} rdfs:label {lit} .")
    text = HEAD + "\n".join(lines) + "\n"
    out = canonical_text(text.encode())
    assert _triples(out) == _triples(text)
    assert canonical_text(out.encode()) == out  # idempotent


def test_fmt_refuses_and_leaves_file_untouched(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "x.ttl"
    original = HEAD + "# keep me\nlcd:x   rdfs:label 'y' .\n"
    f.write_text(original, encoding="utf-8")
    assert main(["fmt", str(f)]) == 1
    assert f.read_text(encoding="utf-8") == original
    assert "x.ttl:3" in capsys.readouterr().err


def test_atomic_write_keeps_the_original_when_interrupted(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "data.ttl"
    f.write_text("old", encoding="utf-8")

    def boom(*_a: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(f, "new" * 1000)
    assert f.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["data.ttl"], "no temp file left behind"


def test_atomic_write_replaces_whole(tmp_path: Path) -> None:
    f = tmp_path / "data.ttl"
    f.write_text("old", encoding="utf-8")
    os.chmod(f, 0o640)
    write_atomic(f, "new")
    assert f.read_text(encoding="utf-8") == "new" and (f.stat().st_mode & 0o777) == 0o640


def test_kill_9_mid_write_leaves_old_or_new_never_partial(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    f = tmp_path / "big.ttl"
    old, new = b"o" * 4_000_000, b"n" * 8_000_000
    script = (f"from kg.atomic import write_atomic\nwhile True:\n"
              f"    write_atomic({str(f)!r}, b'n' * 8_000_000)\n")
    for delay in (0.05, 0.1, 0.2, 0.3):
        f.write_bytes(old)
        proc = subprocess.Popen([sys.executable, "-c", script],
                                cwd=Path(__file__).resolve().parents[2])
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert f.read_bytes() in (old, new)
