"""MiniLM-static: one fixed vector per MiniLM word piece, for embedding text at spaCy speed.

MiniLM reads every word piece through six transformer layers; on a CPU that costs about
twice as much as the whole spaCy pipeline, so contextual embeddings of every paragraph make
a batch five times slower than its parsing. This module distils the packaged MiniLM into a
lookup table instead (the idea of Model2Vec, written here for our one model):

1. every word piece of MiniLM's vocabulary is embedded on its own ("[CLS] piece [SEP]",
   mean-pooled as sentence-transformers pools a sentence);
2. the mean of the ordinary pieces is subtracted, since it is a direction every piece shares
   and would make all texts look alike;
3. each row is scaled by a smooth inverse frequency weight `SIF / (SIF + p)`, with `p` from
   Zipf's law over the piece's rank in the vocabulary (whose order follows frequency), so
   "the" and "of" count for less than "hydropower".

A text's embedding is the unit-length mean of its pieces' rows: no attention, so word
order and context are lost, which MODEL_CARD.md quantifies. The table is built from the pip
package's weights (no download) by `python -m newsmine.models.embeddings.static`, which `make
install` runs; `load_static_encoder()` builds it on first use when it is missing.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)

TABLE_PATH = Path(__file__).resolve().parent / "minilm_static.npz"
SIF_COEFFICIENT = 1e-4
BUILD_BATCH = 2048
SPECIAL_PIECE = re.compile(r"\[[A-Za-z]+\d*\]")  # [PAD], [CLS], [unused17]...


class StaticEncoder:
    """Embeds texts as the normalised mean of their word pieces' rows in the table."""

    def __init__(self, vectors: np.ndarray, tokenizer_file: str | Path) -> None:
        from tokenizers import Tokenizer

        self.vectors = vectors.astype(np.float32)
        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.no_truncation()  # a long text keeps all its pieces: a lookup has no length limit
        self.tokenizer.no_padding()

    @property
    def dimension(self) -> int:
        return int(self.vectors.shape[1])

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 rows, shape (len(texts), dimension); a text with no pieces gives zeros."""
        encodings = self.tokenizer.encode_batch(list(texts), add_special_tokens=False)
        lengths = np.array([len(encoding.ids) for encoding in encodings])
        output = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not lengths.any():
            return output
        ids = np.concatenate([np.asarray(encoding.ids, dtype=np.int64) for encoding in encodings])
        present = lengths > 0
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])[present]
        sums = np.add.reduceat(self.vectors[ids], starts, axis=0)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        output[present] = sums / np.where(norms == 0, 1, norms)
        return output


def build_table(path: Path = TABLE_PATH) -> Path:
    """Distil the packaged MiniLM into the static table at `path` (about 20 s on two cores).

    The file is written beside its final name and renamed into place, so a worker that reads
    it never sees half a file, and two processes building at once both end with a good one.
    """
    import torch

    from newsmine.models.embeddings.encoders import get_encoder

    started = time.monotonic()
    encoder = get_encoder(device="cpu")
    tokenizer, transformer = encoder.tokenizer, encoder[0].auto_model
    vocabulary = sorted(tokenizer.get_vocab().items(), key=lambda item: item[1])
    ids = torch.tensor([index for _, index in vocabulary])
    rows = []
    with torch.inference_mode():
        for batch in ids.split(BUILD_BATCH):
            pieces = batch[:, None]
            start = torch.full_like(pieces, tokenizer.cls_token_id)
            end = torch.full_like(pieces, tokenizer.sep_token_id)
            inputs = torch.cat([start, pieces, end], dim=1)
            hidden = transformer(input_ids=inputs, attention_mask=torch.ones_like(inputs)).last_hidden_state
            rows.append(hidden.mean(dim=1).numpy())
    vectors = np.concatenate(rows).astype(np.float32)
    ordinary = np.array([not SPECIAL_PIECE.fullmatch(piece) for piece, _ in vocabulary])
    vectors -= vectors[ordinary].mean(axis=0)
    vectors *= sif_weights(len(vocabulary))[:, None]
    _write_atomically(path, vectors)
    logger.info("built %s (%d pieces) in %.1f s", path, len(vectors), time.monotonic() - started)
    return path


def sif_weights(size: int, coefficient: float = SIF_COEFFICIENT) -> np.ndarray:
    """`coefficient / (coefficient + p(rank))`, with p from Zipf's law over ranks 1..size."""
    ranks = np.arange(1, size + 1, dtype=np.float64)
    probability = 1.0 / (ranks * np.log(1.78 * size))
    return (coefficient / (coefficient + probability)).astype(np.float32)


def _write_atomically(path: Path, vectors: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.stem, suffix=".tmp.npz")
    try:
        with os.fdopen(handle, "wb") as stream:
            np.savez(stream, vectors=vectors.astype(np.float16))
        os.chmod(temporary, 0o644)  # mkstemp makes it private; the table is for every user
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def ensure_table(path: Path = TABLE_PATH) -> Path:
    """The table at `path`, built first when it is missing (once, about 20 s).

    The batch runner calls this before starting worker processes, so that a fresh install
    builds the table once instead of once per worker.
    """
    if not path.is_file():
        logger.warning("building the static MiniLM table %s (once, about 20 s)", path)
        try:
            build_table(path)
        except OSError as error:
            raise OSError(
                f"{path}: cannot build the static embedding table ({error}); "
                "run `python -m newsmine.models.embeddings.static` where that folder is writable"
            ) from error
    return path


@functools.cache
def load_static_encoder(path: Path = TABLE_PATH) -> StaticEncoder:
    """The process-wide static encoder; builds the table first when it is missing."""
    from newsmine.models.embeddings.encoders import model_path

    with np.load(ensure_table(path)) as table:
        vectors = table["vectors"]
    return StaticEncoder(vectors, Path(model_path()) / "tokenizer.json")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logger.info("static embedding table: %s", ensure_table())
