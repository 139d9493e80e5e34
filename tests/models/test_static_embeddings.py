"""MiniLM-static: the table's arithmetic, its build and load, and that it still carries meaning."""

from __future__ import annotations

import numpy as np
import pytest

from newsmine.models.embeddings import static
from newsmine.models.embeddings.static import StaticEncoder, load_static_encoder, sif_weights
from newsmine.models.embeddings.encoders import embed, model_path

RIVER = "Water levels on the cross-border river fell, and farmers downstream want a fair share."
DAM = "Both governments argue over how much water the new dam upstream may hold back."
TRAINS = "Container trains waited two days at the rail border crossing before customs cleared them."


@pytest.fixture(scope="module")
def tokenizer_file():
    return f"{model_path()}/tokenizer.json"


def test_encode_is_the_normalised_mean_of_the_pieces_rows(tokenizer_file):
    rows = np.random.default_rng(0).normal(size=(30522, 8)).astype(np.float32)
    encoder = StaticEncoder(rows, tokenizer_file)
    ids = encoder.tokenizer.encode("river basin", add_special_tokens=False).ids
    expected = rows[ids].mean(axis=0)
    (vector,) = encoder.encode(["river basin"])
    np.testing.assert_allclose(vector, expected / np.linalg.norm(expected), rtol=1e-5)


def test_encode_empty_texts_give_zero_rows_in_place(tokenizer_file):
    rows = np.ones((30522, 4), dtype=np.float32)
    vectors = StaticEncoder(rows, tokenizer_file).encode(["", "river", "   "])
    assert vectors.shape == (3, 4)
    assert not vectors[0].any() and not vectors[2].any()
    assert np.linalg.norm(vectors[1]) == pytest.approx(1.0)


def test_encode_reads_past_minilm_length_limit(tokenizer_file):
    rows = np.random.default_rng(1).normal(size=(30522, 8)).astype(np.float32)
    encoder = StaticEncoder(rows, tokenizer_file)
    long_text = " ".join(["grain"] * 300 + ["copper"] * 300)
    first_part = " ".join(["grain"] * 300)
    assert not np.allclose(encoder.encode([long_text]), encoder.encode([first_part]))


def test_sif_weights_damp_the_most_frequent_pieces():
    weights = sif_weights(30522)
    assert 0 < weights[0] < weights[2000] < weights[-1] < 1
    assert np.all(np.diff(weights) > 0)


def test_load_builds_a_missing_table_once_and_atomically(tmp_path, monkeypatch, tokenizer_file):
    built: list[str] = []

    def fake_build(path):
        built.append(str(path))
        static._write_atomically(path, np.ones((30522, 4), dtype=np.float32))
        return path

    monkeypatch.setattr(static, "build_table", fake_build)
    table = tmp_path / "table.npz"
    encoder = load_static_encoder(table)
    assert built == [str(table)] and encoder.dimension == 4
    assert load_static_encoder(table) is encoder
    assert [path.name for path in tmp_path.iterdir()] == ["table.npz"]  # no temporary file left
    assert table.stat().st_mode & 0o644 == 0o644


def test_ensure_table_names_the_file_and_the_fix_when_it_cannot_build(tmp_path, monkeypatch):
    def read_only(path):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(static, "build_table", read_only)
    with pytest.raises(OSError, match=r"table.npz: cannot build .* run `python -m newsmine.models.embeddings.static`"):
        static.ensure_table(tmp_path / "table.npz")


@pytest.mark.model
@pytest.mark.parametrize("encoder", ["static", "minilm"])
def test_related_texts_are_closer_under_both_encoders(encoder):
    river, dam, trains = embed([RIVER, DAM, TRAINS], encoder=encoder)
    assert river @ dam > river @ trains
    assert dam @ river > dam @ trains


def test_embed_rejects_an_unknown_encoder():
    with pytest.raises(ValueError, match="unknown encoder 'glove'"):
        embed(["text"], encoder="glove")
