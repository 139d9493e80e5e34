"""Settings shared by the command line and the worker processes, as small picklable data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newsmine.models.embeddings import DEFAULT_ENCODER


@dataclass(frozen=True, slots=True)
class PipelineSettings:
    """The pipeline options a user sets on the command line; small and picklable, so worker
    processes and Dask workers build the same pipeline as the parent."""

    taxonomy: str | None = None
    encoder: str = DEFAULT_ENCODER
    device: str = "cpu"
    topic_model: str | None = None

    def config(self) -> dict[str, dict[str, Any]]:
        embedding = {"encoder": self.encoder, "device": self.device}
        topics: dict[str, Any] = dict(embedding)
        if self.taxonomy is not None:
            topics["taxonomy"] = self.taxonomy
        if self.topic_model is not None:
            topics["model"] = self.topic_model
        return {"newsmine_quote_vectors": embedding, "newsmine_topics": topics}
