"""The package's public names, its registration, and its model hashes."""

from __future__ import annotations

import games.roulette
from games.canonical import canonical_hash
from games.registry import GAME_MODULES, game_by_hash, game_by_id
from games.roulette import catalog


def test_all_is_exactly_the_public_api() -> None:
    assert sorted(games.roulette.__all__) == sorted(
        [
            "BET_KINDS",
            "EVEN_MONEY_KINDS",
            "MAX_BETS_PER_ROUND",
            "VARIANTS",
            "BetMath",
            "KindRule",
            "RouletteGame",
            "Variant",
            "bet_math",
            "build_model",
            "catalog",
            "game",
            "kind_rules",
            "math_report",
            "pocket_color",
            "pocket_labels",
            "render_math",
            "variant_named",
        ]
    )
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
