"""Settings shared by the command line and the worker processes, as small picklable data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class PipelineSettings:
    """The pipeline options a user sets on the command line; small and picklable, so worker
    processes and Dask workers build the same pipeline as the parent."""

    taxonomy: str | None = None
    device: str = "cpu"

    def config(self) -> dict[str, dict[str, Any]]:
        topics: dict[str, Any] = {"device": self.device}
        if self.taxonomy is not None:
            topics["taxonomy"] = self.taxonomy
        return {"newsmine_topics": topics}
