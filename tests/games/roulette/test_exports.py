"""The package's public names, its registration, and its model hashes."""

from __future__ import annotations

import ast
from pathlib import Path

import games.roulette
from games.canonical import canonical_hash
from games.registry import GAME_MODULES, game_by_hash, game_by_id
from games.roulette import catalog


def test_all_is_exactly_the_public_api() -> None:
    """``__all__`` is what the package takes from its own modules and what it defines.

    Read from the package source rather than restated here: a name imported
    from a roulette module or defined at top level without an underscore is
    public and must be listed; nothing else may be (``Game`` and ``cache`` are
    only used, not re-exported).
    """
    assert games.roulette.__file__ is not None
    tree = ast.parse(Path(games.roulette.__file__).read_text(encoding="utf-8"))
    public: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("games.roulette."):
            public.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_"):
            public.add(node.name)
    assert len(set(games.roulette.__all__)) == len(games.roulette.__all__)
    assert set(games.roulette.__all__) == public
    for name in games.roulette.__all__:
        assert hasattr(games.roulette, name), name


def test_catalog() -> None:
    ids = [g.spec.game_id for g in catalog()]
    assert ids == [
        "roulette-european",
        "roulette-american",
        "roulette-french",
        "roulette-french-en-prison",
    ]
    for game in catalog():
        spec = game.spec
        assert spec.version == 1 and not spec.multi_step
        assert spec.model_hash == canonical_hash(spec.model)
        assert spec.algorithm_version == "alea/v1"
    assert len({g.spec.model_hash for g in catalog()}) == 4


def test_registered_with_the_game_registry() -> None:
    """Integration: loads every registered game module, not only roulette."""
    assert GAME_MODULES.count("games.roulette") == 1
    for game in catalog():
        assert game_by_id(game.spec.game_id) is game
        assert game_by_hash(game.spec.model_hash) is game


def test_model_hash_is_pinned() -> None:
    """A change to any model is a new version: these hashes must not move silently."""
    assert {g.spec.game_id: g.spec.model_hash for g in catalog()} == PINNED


PINNED = {
    "roulette-european": "fee740d37673527c8c30b24ad7aaff1fd834eb096587aef4497f82ffd577cee2",
    "roulette-american": "1e4e1887cb05b336b62f006e5e9a8d12cba6d18ec6b69afb656c369933f39ed4",
    "roulette-french": "6d35bf1effc72be8b76813e2e301d334034cdb6d09cbf254cf7a23bee8084185",
    "roulette-french-en-prison": "f6369d137d87bc63bcecf46710fb0ac5d7ac79974ec466cb881becc41f513e76",
}
