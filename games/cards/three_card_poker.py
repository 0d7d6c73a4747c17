# games.cards.three_card_poker — Three Card Poker: hand ranking, the rules (a
# frozen TcpRules value: Pair Plus paytable and ante bonus), the normative deal,
# settlement, and the two-step Game (bets, then "play" or "fold") with its
# shipped ids "three-card-poker" and "three-card-poker-pp3". Exact math is in
# three_card_poker_math; the shipped rules carry its results as constants that a
# test recomputes. Imports: rng, games (no numpy on this path).
"""Three Card Poker: Ante/Play with the ante bonus, and Pair Plus.

Normative deal (docs/fairness.md "Cards"): the round's shoe is one 52-card deck,
``shuffled_shoe(stream, 1)`` — the whole deck, Fisher–Yates-shuffled, is the
first and only thing the round reads from its stream, before the player sees a
card. Shoe positions 0, 1, 2 are the player's hand and 3, 4, 5 the dealer's.
The player's decision ("play" or "fold") only decides whether the dealer's hand
is shown and compared.

Rules: the ante is required and Pair Plus is optional (a Pair-Plus-only round is
not offered: every round has the play/fold step). "play" places a Play stake
equal to the ante; "fold" loses the ante (Pair Plus is still settled on the
player's hand). The dealer qualifies with queen-high or better. A dealer who
does not qualify pays the ante 1:1 and pushes the Play; a qualifying dealer is
compared: higher hand wins ante and Play 1:1, equal hands push both. The ante
bonus (straight flush / three of a kind / straight) is paid on the ante whenever
the player plays, whatever the dealer holds. Ranking: straight flush > three of a
kind > straight > flush > pair > high card; A-2-3 is the lowest straight, Q-K-A
the highest, K-A-2 is no straight; suits never break ties.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from games.base import Action, Bet, BetSpec, GameSpec, RoundOutcome
from games.canonical import canonical_hash
from games.cards._common import validate_kind_bets
from games.cards.deck import Card, card_from_text, shuffled_shoe
from games.counting import CountingSource
from games.errors import IllegalActionError, InvalidBetError, ModelError
from rng import ALGORITHM_VERSION, ByteSource

__all__ = [
    "ACTIONS",
    "BET_KINDS",
    "CATEGORIES",
    "DEALER_QUALIFIER",
    "PLAY_THRESHOLD",
    "STRATEGY",
    "TCP_PP3_RULES",
    "TCP_RULES",
    "TcpRules",
    "ThreeCardPoker",
    "catalog",
    "category_of",
    "exact_returns",
    "hand_category",
    "hand_strength",
    "plays_q64",
    "strength_of_text",
]

#: Hand categories from lowest (index 0) to highest; a strength's category is strength // 4096.
CATEGORIES: tuple[str, ...] = (
    "high_card",
    "pair",
    "flush",
    "straight",
    "three_of_a_kind",
    "straight_flush",
)
BET_KINDS: tuple[str, ...] = ("ante", "pair_plus")
ACTIONS: tuple[str, ...] = ("play", "fold")
PAIR_PLUS_CATEGORIES: tuple[str, ...] = (
    "straight_flush",
    "three_of_a_kind",
    "straight",
    "flush",
    "pair",
)
ANTE_BONUS_CATEGORIES: tuple[str, ...] = ("straight_flush", "three_of_a_kind", "straight")
GAME_VERSION = 1
_CATEGORY_BASE = 4096  # tie-break ranks (2..14) are packed below it in base 16
DEALING_ORDER = (
    "shoe = Fisher-Yates shuffle of one 52-card deck from the round stream; "
    "positions 0,1,2 player, 3,4,5 dealer"
)
STRATEGY = "play Q-6-4 or better, fold the rest"


def _high(rank: int) -> int:
    """Card rank with the ace high: 2..14."""
    return 14 if rank == 1 else rank


def hand_strength(cards: Sequence[Card]) -> int:
    """An integer that orders three-card hands: higher is better, equal is a tie.

    ``strength // 4096`` is the category index in :data:`CATEGORIES`; the low
    bits hold the tie-break ranks (ace high, base 16).
    """
    if len(cards) != 3:
        raise ValueError(f"a Three Card Poker hand has 3 cards, got {len(cards)}")
    r1, r2, r3 = sorted((_high(card.rank) for card in cards), reverse=True)
    flush = cards[0].suit == cards[1].suit == cards[2].suit
    if r1 == r3:
        return 4 * _CATEGORY_BASE + r1
    if r1 == r2 or r2 == r3:
        pair, kicker = (r1, r3) if r1 == r2 else (r2, r1)
        return _CATEGORY_BASE + pair * 16 + kicker
    straight_high = 0
    if r1 - r3 == 2:
        straight_high = r1
    elif (r1, r2, r3) == (14, 3, 2):
        straight_high = 3  # A-2-3, the lowest straight
    if straight_high:
        return (5 if flush else 3) * _CATEGORY_BASE + straight_high
    return (2 if flush else 0) * _CATEGORY_BASE + r1 * 256 + r2 * 16 + r3


def category_of(strength: int) -> str:
    """The category name of a strength."""
    return CATEGORIES[strength // _CATEGORY_BASE]


def hand_category(cards: Sequence[Card]) -> str:
    """The category name of a three-card hand ("pair", "straight", ...)."""
    return category_of(hand_strength(cards))


def strength_of_text(text: str) -> int:
    """Strength of a hand written like ``"Qs 6h 4d"`` (for rules and tests)."""
    return hand_strength([card_from_text(part) for part in text.split()])


#: The weakest hand the documented strategy plays (Q-6-4 offsuit).
PLAY_THRESHOLD = strength_of_text("Qc 6d 4h")
#: The weakest hand with which the dealer qualifies (queen-high: Q-3-2 offsuit).
DEALER_QUALIFIER = strength_of_text("Qc 3d 2h")


def plays_q64(strength: int) -> bool:
    """The documented strategy: play Q-6-4 or better, fold the rest."""
    return strength >= PLAY_THRESHOLD


@dataclass(frozen=True)
class TcpRules:
    """One fixed set of Three Card Poker rules; the model hash covers every field.

    ``pair_plus_pays`` lists the Pair Plus wins (N to 1) for straight flush,
    three of a kind, straight, flush, pair; ``ante_bonus_pays`` the ante bonus
    for straight flush, three of a kind, straight.
    """

    pair_plus_pays: tuple[int, int, int, int, int] = (40, 30, 6, 4, 1)
    ante_bonus_pays: tuple[int, int, int] = (5, 4, 1)
    min_bet: int = 100
    max_bet: int = 10_000_000

    def __post_init__(self) -> None:
        for name, size in (("pair_plus_pays", 5), ("ante_bonus_pays", 3)):
            value = getattr(self, name)
            if not isinstance(value, tuple) or len(value) != size:
                raise ModelError(f"{name}={value!r} must be a tuple of {size} ints")
            for item in value:
                if isinstance(item, bool) or not isinstance(item, int) or not 0 <= item <= 1000:
                    raise ModelError(f"{name}={value!r}: every pay must be an int in 0..1000")
        for name in ("min_bet", "max_bet"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ModelError(f"{name}={value!r} must be a positive int (minor units)")
        if self.min_bet > self.max_bet:
            raise ModelError(f"min_bet={self.min_bet} is over max_bet={self.max_bet}")
        biggest = max(*self.pair_plus_pays, 2 + self.ante_bonus_pays[0]) + 2
        if self.max_bet * biggest >= 2**63:
            raise ModelError(f"max_bet={self.max_bet} would let a payout overflow int64")

    def pair_plus(self, category: str) -> int | None:
        """Pair Plus win (N to 1) for a category, or None when it loses."""
        if category in PAIR_PLUS_CATEGORIES:
            pays = self.pair_plus_pays[PAIR_PLUS_CATEGORIES.index(category)]
            return pays if pays > 0 else None
        return None

    def ante_bonus(self, category: str) -> int:
        """Ante bonus (N to 1 on the ante) for a category; 0 when none."""
        if category in ANTE_BONUS_CATEGORIES:
            return self.ante_bonus_pays[ANTE_BONUS_CATEGORIES.index(category)]
        return 0

    def to_model(self) -> dict[str, Any]:
        return {
            "pair_plus": dict(zip(PAIR_PLUS_CATEGORIES, self.pair_plus_pays, strict=True)),
            "ante_bonus": dict(zip(ANTE_BONUS_CATEGORIES, self.ante_bonus_pays, strict=True)),
            "dealer_qualifies": "queen-high or better",
            "min_bet": self.min_bet,
            "max_bet": self.max_bet,
        }

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], base: TcpRules | None = None) -> TcpRules:
        """Rules from a config mapping (``pair_plus`` / ``ante_bonus`` by category name)."""
        start = base if base is not None else cls()
        known = {"pair_plus", "ante_bonus", "min_bet", "max_bet"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ModelError(
                f"unknown three card poker rule(s) {', '.join(unknown)}; "
                f"known: {', '.join(sorted(known))}"
            )
        pair_plus = _pays(data.get("pair_plus"), PAIR_PLUS_CATEGORIES, start.pair_plus_pays)
        bonus = _pays(data.get("ante_bonus"), ANTE_BONUS_CATEGORIES, start.ante_bonus_pays)
        return cls(
            pair_plus_pays=(pair_plus[0], pair_plus[1], pair_plus[2], pair_plus[3], pair_plus[4]),
            ante_bonus_pays=(bonus[0], bonus[1], bonus[2]),
            min_bet=data.get("min_bet", start.min_bet),
            max_bet=data.get("max_bet", start.max_bet),
        )


def _pays(value: Any, names: tuple[str, ...], default: tuple[int, ...]) -> tuple[int, ...]:
    if value is None:
        return default
    if not isinstance(value, Mapping):
        raise ModelError(f"a paytable must map category names to pays, got {value!r}")
    unknown = sorted(set(value) - set(names))
    if unknown:
        raise ModelError(f"unknown paytable entries {', '.join(unknown)}; use {', '.join(names)}")
    return tuple(value.get(name, pays) for name, pays in zip(names, default, strict=True))


TCP_RULES = TcpRules()
TCP_PP3_RULES = TcpRules(pair_plus_pays=(40, 30, 6, 3, 1))


def _settle(
    rules: TcpRules, bets: Sequence[Bet], player: int, dealer: int, decision: str
) -> tuple[list[dict[str, Any]], int, str]:
    """Settlements, total gross win and the ante/play result ("win", "push", "lose", "fold")."""
    settlements: list[dict[str, Any]] = []
    ante = next(bet.amount for bet in bets if bet.kind == "ante")
    if decision == "fold":
        result = "fold"
        settlements.append({"kind": "ante", "amount": ante, "result": "lose", "win": 0})
    else:
        if dealer < DEALER_QUALIFIER:
            result, ante_win, play_win = "win", 2 * ante, ante  # ante 1:1, play pushes
            play_result = "push"
        elif player > dealer:
            result, ante_win, play_win, play_result = "win", 2 * ante, 2 * ante, "win"
        elif player == dealer:
            result, ante_win, play_win, play_result = "push", ante, ante, "push"
        else:
            result, ante_win, play_win, play_result = "lose", 0, 0, "lose"
        ante_result = {"win": "win", "push": "push", "lose": "lose"}[result]
        settlements.append({"kind": "ante", "amount": ante, "result": ante_result, "win": ante_win})
        settlements.append({"kind": "play", "amount": ante, "result": play_result, "win": play_win})
        bonus = rules.ante_bonus(category_of(player))
        settlements.append(
            {
                "kind": "ante_bonus",
                "amount": 0,
                "result": "win" if bonus else "none",
                "win": bonus * ante,
            }
        )
    for bet in bets:
        if bet.kind == "pair_plus":
            pays = rules.pair_plus(category_of(player))
            won = pays is not None
            settlements.append(
                {
                    "kind": "pair_plus",
                    "amount": bet.amount,
                    "result": "win" if won else "lose",
                    "win": bet.amount * (pays + 1) if pays is not None else 0,
                }
            )
    return settlements, sum(int(item["win"]) for item in settlements), result


class ThreeCardPoker:
    """Three Card Poker for one fixed set of rules (two steps: bets, then play or fold)."""

    def __init__(self, game_id: str, name: str, rules: TcpRules, version: int = GAME_VERSION):
        self.rules = rules
        self._game_id = game_id
        self._name = name
        self._version = version
        self._model: dict[str, Any] = {
            "game": "three-card-poker",
            "game_id": game_id,
            "version": version,
            "rules": rules.to_model(),
            "dealing": DEALING_ORDER,
            "documented_strategy": STRATEGY,
        }
        self._model_hash = canonical_hash(self._model)
        self._spec: GameSpec | None = None

    @property
    def spec(self) -> GameSpec:
        if self._spec is None:
            returns = exact_returns(self.rules)
            rules = self.rules
            pp = ", ".join(
                f"{name.replace('_', ' ')} {pays}:1"
                for name, pays in zip(PAIR_PLUS_CATEGORIES, rules.pair_plus_pays, strict=True)
            )
            bonus = ", ".join(
                f"{name.replace('_', ' ')} {pays}:1"
                for name, pays in zip(ANTE_BONUS_CATEGORIES, rules.ante_bonus_pays, strict=True)
            )
            bets = (
                BetSpec(
                    "ante",
                    "required; then play (a Play stake equal to the ante) or fold; "
                    f"return per unit of ante, Play included, with the strategy: {STRATEGY}",
                    f"1:1 (Play 1:1; dealer not qualifying pushes the Play); ante bonus {bonus}",
                    rules.min_bet,
                    rules.max_bet,
                    returns["ante"],
                ),
                BetSpec(
                    "pair_plus",
                    "optional, with an ante; pays on the player's three cards, fold or not",
                    pp,
                    rules.min_bet,
                    rules.max_bet,
                    returns["pair_plus"],
                ),
            )
            self._spec = GameSpec(
                game_id=self._game_id,
                name=self._name,
                version=self._version,
                model_hash=self._model_hash,
                algorithm_version=ALGORITHM_VERSION,
                multi_step=True,
                bets=bets,
                rtp=returns["ante"],
                model=self._model,
            )
        return self._spec

    def validate_bets(self, bets: Sequence[Bet]) -> None:
        use = f"{', '.join(BET_KINDS)} (the Play stake is placed by the 'play' action)"
        seen = validate_kind_bets(self.spec, bets, BET_KINDS, use=use)
        if "ante" not in seen:
            raise InvalidBetError(
                "an ante bet is required (Pair Plus alone is not offered); "
                f"bets were {sorted(seen) or 'empty'}"
            )

    def play(
        self, stream: ByteSource, bets: Sequence[Bet], actions: Sequence[Action] = ()
    ) -> RoundOutcome:
        self.validate_bets(bets)
        for index, action in enumerate(actions):
            if index >= 1:
                raise IllegalActionError(
                    f"actions[{index}].kind={action.kind!r}: the round is over after "
                    f"{actions[0].kind!r}; no further action is legal"
                )
            if not isinstance(action, Action) or action.kind not in ACTIONS:
                kind = getattr(action, "kind", action)
                raise IllegalActionError(
                    f"actions[{index}].kind={kind!r} is not legal now; use play or fold"
                )
            if action.positions:
                raise IllegalActionError(
                    f"actions[{index}].positions={list(action.positions)!r} must be empty "
                    f"for {action.kind!r}"
                )
        source = CountingSource(stream)
        shoe = shuffled_shoe(source, 1)
        player_cards, dealer_cards = shoe[0:3], shoe[3:6]
        player = hand_strength(player_cards)
        initial = sum(bet.amount for bet in bets)
        outcome: dict[str, Any] = {
            "player_cards": [str(card) for card in player_cards],
            "player_hand": category_of(player),
        }
        if not actions:
            return RoundOutcome(
                game_id=self._game_id,
                model_hash=self._model_hash,
                bets=tuple(bets),
                actions=(),
                finished=False,
                legal_actions=ACTIONS,
                outcome=outcome,
                total_bet=initial,
                total_win=0,
                bytes_used=source.used,
            )
        decision = actions[0].kind
        dealer = hand_strength(dealer_cards)
        settlements, total_win, result = _settle(self.rules, bets, player, dealer, decision)
        ante = next(bet.amount for bet in bets if bet.kind == "ante")
        outcome.update(
            {
                "decision": decision,
                "dealer_cards": [str(card) for card in dealer_cards],
                "dealer_hand": category_of(dealer),
                "dealer_qualifies": dealer >= DEALER_QUALIFIER,
                "result": result,
                "settlements": settlements,
            }
        )
        return RoundOutcome(
            game_id=self._game_id,
            model_hash=self._model_hash,
            bets=tuple(bets),
            actions=tuple(actions),
            finished=True,
            legal_actions=(),
            outcome=outcome,
            total_bet=initial + (ante if decision == "play" else 0),
            total_win=total_win,
            bytes_used=source.used,
        )


#: Exact RTP (1 + EV) per bet for the shipped rules, from three_card_poker_math's
#: enumeration; tests/games/cards/test_three_card_poker_math.py recomputes them.
_DEALS = 22_100 * 18_424
_SHIPPED_RETURNS: dict[TcpRules, dict[str, Fraction]] = {
    TCP_RULES: {
        "ante": 1 + Fraction(-13_733_780, _DEALS),
        "pair_plus": 1 + Fraction(-512, 22_100),
    },
    TCP_PP3_RULES: {
        "ante": 1 + Fraction(-13_733_780, _DEALS),
        "pair_plus": 1 + Fraction(-1_608, 22_100),
    },
}


def exact_returns(rules: TcpRules) -> dict[str, Fraction]:
    """Exact RTP per bet: the shipped constants, or the enumeration for other rules."""
    known = _SHIPPED_RETURNS.get(rules)
    if known is not None:
        return dict(known)
    from games.cards.three_card_poker_math import analyse  # lazy: about a second

    return analyse(rules).returns()


def catalog() -> list[ThreeCardPoker]:
    """The shipped Three Card Poker games (every model version)."""
    return [
        ThreeCardPoker(
            "three-card-poker",
            "Three Card Poker (Pair Plus 40-30-6-4-1, ante bonus 5/4/1)",
            TCP_RULES,
        ),
        ThreeCardPoker(
            "three-card-poker-pp3",
            "Three Card Poker (Pair Plus 40-30-6-3-1, ante bonus 5/4/1)",
            TCP_PP3_RULES,
        ),
    ]
