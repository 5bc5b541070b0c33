"""One typed settings object for a scan, read from an optional TOML file.

```toml
detectors = ["all", "-signin_country_mismatch"]
weights = "my-weights.toml"      # default: the packaged weights
base_rate = 0.005                # overrides the weights file's prior
feeds = "/srv/unmask/feeds"      # feed snapshot cache (default: $UNMASK_FEEDS or ~/.cache/unmask/feeds)

[detector_settings.meeting_camera_off]
min_rate = 0.6

[linking]                        # see unmask.link.settings.LinkSettings for every setting
max_holders = 8                  # a value held by more workers links nobody
cluster_min_strength = 0.5
```
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unmask.detectors.registry import REGISTRY, select
from unmask.link import LinkSettings
from unmask.scoring import Weights


@dataclass(frozen=True)
class ScanConfig:
    detectors: tuple[str, ...] = ("all",)
    weights_path: str | None = None
    base_rate: float | None = None
    linking: Mapping[str, Any] = field(default_factory=dict)
    detector_settings: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    feeds_dir: str | None = None

    @classmethod
    def load(cls, path: str | Path | None) -> ScanConfig:
        if path is None:
            return cls()
        data = tomllib.loads(Path(path).read_text("utf-8"))
        known = {"detectors", "weights", "base_rate", "linking", "detector_settings", "feeds"}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"{path}: unknown setting(s): {', '.join(sorted(unknown))}")
        config = cls(
            detectors=tuple(data.get("detectors", ("all",))),
            weights_path=data.get("weights"),
            base_rate=data.get("base_rate"),
            linking=data.get("linking", {}),
            detector_settings=data.get("detector_settings", {}),
            feeds_dir=data.get("feeds"),
        )
        config.validate()
        return config

    def validate(self) -> None:
        select(self.detectors)  # raises on unknown ids
        self.link_settings()  # raises on unknown link settings
        for det_id, values in self.detector_settings.items():
            if det_id not in REGISTRY:
                raise ValueError(f"detector_settings names unknown detector {det_id!r}")
            unknown = set(values) - set(REGISTRY[det_id].settings)
            if unknown:
                raise ValueError(f"detector {det_id!r} has no setting(s) {', '.join(sorted(unknown))}")

    def link_settings(self) -> LinkSettings:
        return LinkSettings.from_mapping(self.linking)

    def weights(self) -> Weights:
        weights = Weights.load(self.weights_path)
        return weights.with_base_rate(self.base_rate) if self.base_rate is not None else weights
