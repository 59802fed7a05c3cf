"""Sample texts and paths shared by the summarizers tests (conftest holds the fixtures)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
# Evaluation sets live outside the repository (never copied in); tests that need them skip.
DATA = ROOT.parent / "shared" / "data"

GAZA_SEED = EXAMPLES / "000_74a51a38a658e825.txt"
CAIRO_SEED = EXAMPLES / "003_ea29d89927213a44.txt"

# Lines of the seed pages that are sidebar headlines or section labels, not prose.
GAZA_FURNITURE = (
    "29 more Palestinians killed in airstrikes",
    "Israel closes key border crossing targeted by Hamas rockets",
    "Five Palestinians killed in West Bank raid",
    "Death toll in enclave rises to 34,683",
)
CAIRO_FURNITURE = ("Details", "Recall")

GERMAN = (
    "Die Verhandlungen über eine Waffenruhe im Gazastreifen sind in Kairo ohne Ergebnis zu "
    "Ende gegangen. Beide Seiten werfen sich gegenseitig vor, eine Einigung zu blockieren. "
    "Am 7. Mai sollen die Gespräche fortgesetzt werden, sagte ein Sprecher. Die Vermittler "
    "aus Ägypten und Katar zeigten sich z. B. enttäuscht über den Verlauf. Israel hat "
    "unterdessen einen wichtigen Grenzübergang für Hilfslieferungen geschlossen."
)
FRENCH = (
    "Les négociations sur un cessez-le-feu à Gaza se sont terminées au Caire sans accord. "
    "M. Netanyahu a déclaré que son pays ne pouvait pas accepter les exigences du Hamas. "
    "Les médiateurs égyptiens et qataris ont annoncé qu'aucun progrès n'avait été réalisé. "
    "Le principal point de blocage reste la fin de la guerre. Les discussions pourraient "
    "reprendre mardi prochain, selon une source proche du dossier."
)
SPANISH = (
    "Las negociaciones para un alto el fuego en Gaza terminaron en El Cairo sin acuerdo. "
    "El Sr. Netanyahu dijo que su país no puede aceptar las exigencias de Hamás. "
    "¿Habrá una nueva ronda de conversaciones? Los mediadores de Egipto y Catar anunciaron "
    "que no hubo avances. El principal obstáculo sigue siendo el fin de la guerra."
)



def data_file(name: str) -> Path:
    """Path of an evaluation set, or skip the test when it is not on this machine."""
    path = DATA / name
    if not path.is_file():
        pytest.skip(f"evaluation data {path} not available")
    return path
