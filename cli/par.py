"""``alea par MODEL``: a slot model's exact PAR sheet, by full-cycle enumeration.

MODEL is a shipped model id (``slots-video-20``) or the path of a model file
(``.json`` or ``.toml``). Needs numpy (the lab extra).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("model", help="a shipped slot model id, or a model file (.json/.toml)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--method",
        choices=("numpy", "python"),
        default="numpy",
        help="enumerator: vectorised (default) or plain Python through the round code (slow)",
    )


def run(args: argparse.Namespace) -> int:
    from games.slots import load_model, model_path, shipped_models
    from games.slots.par import par_sheet, render_par

    name: str = args.model
    path = Path(name)
    if path.suffix.lower() in (".json", ".toml") or path.is_file():
        if not path.is_file():
            raise FileNotFoundError(f"no model file {name!r}")
        model = load_model(path)
    else:
        model_path(name)  # raises UnknownGameError naming the shipped models
        model = next(m for m in shipped_models() if m.game_id == name)
    sheet = par_sheet(model, method=args.method)
    if args.json:
        print(json.dumps(sheet.to_json(), indent=2, sort_keys=True))
    else:
        print(render_par(sheet))
    return 0
