"""The 25 GGD regions with approximate centroids, for generating realistic instances.

Kept inside `routing/` on purpose: the library must not depend on the application's reference
data. Centroids are rough (a central town of the region), good enough for travel times.
"""

from __future__ import annotations

from dataclasses import dataclass

from routing.allocation.model import Point


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    centroid: Point


REGIONS: tuple[Region, ...] = tuple(
    Region(rid, name, Point(lat, lon))
    for rid, name, lat, lon in [
        ("ggd-groningen", "GGD Groningen", 53.22, 6.57),
        ("ggd-fryslan", "GGD Fryslân", 53.13, 5.80),
        ("ggd-drenthe", "GGD Drenthe", 52.87, 6.60),
        ("ggd-ijsselland", "GGD IJsselland", 52.50, 6.20),
        ("ggd-twente", "GGD Twente", 52.30, 6.75),
        ("ggd-noord-oost-gelderland", "GGD Noord- en Oost-Gelderland", 52.13, 6.30),
        ("ggd-gelderland-midden", "GGD Gelderland-Midden", 52.02, 5.80),
        ("ggd-gelderland-zuid", "GGD Gelderland-Zuid", 51.85, 5.65),
        ("ggd-flevoland", "GGD Flevoland", 52.50, 5.50),
        ("ggd-hollands-noorden", "GGD Hollands Noorden", 52.72, 4.85),
        ("ggd-zaanstreek-waterland", "GGD Zaanstreek-Waterland", 52.47, 4.88),
        ("ggd-kennemerland", "GGD Kennemerland", 52.38, 4.62),
        ("ggd-amsterdam", "GGD Amsterdam", 52.37, 4.90),
        ("ggd-gooi-vechtstreek", "GGD Gooi en Vechtstreek", 52.24, 5.16),
        ("ggd-regio-utrecht", "GGD regio Utrecht", 52.09, 5.12),
        ("ggd-hollands-midden", "GGD Hollands Midden", 52.12, 4.62),
        ("ggd-haaglanden", "GGD Haaglanden", 52.05, 4.32),
        ("ggd-rotterdam-rijnmond", "GGD Rotterdam-Rijnmond", 51.92, 4.48),
        ("ggd-zuid-holland-zuid", "GGD Zuid-Holland Zuid", 51.81, 4.70),
        ("ggd-zeeland", "GGD Zeeland", 51.48, 3.85),
        ("ggd-west-brabant", "GGD West-Brabant", 51.56, 4.65),
        ("ggd-hart-voor-brabant", "GGD Hart voor Brabant", 51.65, 5.20),
        ("ggd-brabant-zuidoost", "GGD Brabant-Zuidoost", 51.43, 5.50),
        ("ggd-limburg-noord", "GGD Limburg-Noord", 51.38, 6.05),
        ("ggd-zuid-limburg", "GGD Zuid Limburg", 50.88, 5.88),
    ]
)
