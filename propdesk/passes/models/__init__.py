"""Renovations (装修), worker passes (临时出入证), goods releases (物品放行条) and gate scans."""

from .gate import GateScan
from .release import GoodsRelease, GoodsReleaseItem
from .renovation import Renovation, RenovationInspection, RenovationRules
from .workerpass import WorkerPass

__all__ = [
    "GateScan",
    "GoodsRelease",
    "GoodsReleaseItem",
    "Renovation",
    "RenovationInspection",
    "RenovationRules",
    "WorkerPass",
]
