# games.cards.baccarat — Punto Banco: the rules (a frozen BaccaratRules value, any
# deck count), the third-card tableau, the normative deal from a shuffled shoe,
# bet settlement, and the Game (single-step) with its shipped ids "baccarat" and
# "baccarat-ez". The exact math lives in baccarat_math (pure Python enumeration);
# the shipped rules carry its results as constants that a test recomputes.
# Imports: rng, games (no numpy on this path).
"""Baccarat (Punto Banco), standard and EZ (no commission, Dragon 7, Panda 8).

Normative deal (docs/fairness.md "Cards"): the round's shoe is
``shuffled_shoe(stream, decks)`` — the whole shoe, Fisher–Yates-shuffled, is the
first and only thing the round reads from its stream; no card is burned. Cards
are then taken from shoe position 0 onwards: position 0 to the Player, 1 to the
Banker, 2 to the Player, 3 to the Banker; if the Player draws a third card it is
the next position (4); if the Banker draws, its third card is the next position
after that (4 when the Player stood, 5 when the Player drew).

Tableau (game_math.md "Baccarat"): a two-card 8 or 9 on either side (a natural)
ends the coup. Otherwise the Player draws on 0-5 and stands on 6-7; when the
Player stood the Banker draws on 0-5; when the Player drew the Banker draws on
0-2 always, on 3 unless the Player's third card is an 8, on 4 against 2-7, on 5
against 4-7, on 6 against 6-7, and stands on 7.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from typing import Any

from games.base import Action, Bet, BetSpec, GameSpec, RoundOutcome
from games.canonical import canonical_hash
from games.cards._common import validate_kind_bets
from games.cards.deck import Card, shuffled_shoe
from games.counting import CountingSource
from games.errors import IllegalActionError, InvalidBetError, ModelError
from rng import ALGORITHM_VERSION, ByteSource

__all__ = [
    "BACCARAT_EZ_RULES",
    "BACCARAT_RULES",
    "BET_KINDS",
    "EZ_BET_KINDS",
    "Baccarat",
    "BaccaratRules",
    "Coup",
    "banker_draws",
    "card_value",
    "catalog",
    "deal_coup",
    "exact_returns",
    "hand_total",
    "player_draws",
    "settle",
]

#: Bet kinds of standard Punto Banco, in display order.
BET_KINDS: tuple[str, ...] = ("banker", "player", "tie", "player_pair", "banker_pair")
#: Bet kinds of EZ Baccarat (no commission; Dragon 7 and Panda 8 side bets).
EZ_BET_KINDS: tuple[str, ...] = (*BET_KINDS, "dragon_7", "panda_8")

GAME_VERSION = 1
DEALING_ORDER = (
    "shoe = Fisher-Yates shuffle of all decks from the round stream; no burn; "
    "positions 0,2 Player, 1,3 Banker; Player third card next, then Banker third card next"
)


@dataclass(frozen=True)
class BaccaratRules:
    """One fixed set of Punto Banco rules; the model hash covers every field.

    ``banker_pays`` is the net win of a winning Banker bet per unit (19/20, the
    5% commission) in standard play; EZ Baccarat (``ez=True``) pays Banker 1:1
    and pushes it when the Banker wins with a three-card 7 (a "Dragon 7"), and
    offers the Dragon 7 (``dragon_7_pays``) and Panda 8 (Player wins with a
    three-card 8, ``panda_8_pays``) side bets. Ties push Banker and Player bets.
    """

    decks: int = 8
    tie_pays: int = 8
    pair_pays: int = 11
    banker_pays: Fraction = Fraction(19, 20)
    ez: bool = False
    dragon_7_pays: int = 40
    panda_8_pays: int = 25
    min_bet: int = 100
    max_bet: int = 10_000_000

    def __post_init__(self) -> None:
        if isinstance(self.decks, bool) or not isinstance(self.decks, int):
            raise ModelError(f"decks={self.decks!r} must be an int in 1..16")
        if not 1 <= self.decks <= 16:
            raise ModelError(f"decks={self.decks} must be in 1..16")
        for name in ("tie_pays", "pair_pays", "dragon_7_pays", "panda_8_pays"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1000:
                raise ModelError(f"{name}={value!r} must be an int in 1..1000 (pays N to 1)")
        if not isinstance(self.banker_pays, Fraction) or not 0 < self.banker_pays <= 1:
            raise ModelError(f"banker_pays={self.banker_pays!r} must be a Fraction in (0, 1]")
        if not isinstance(self.ez, bool):
            raise ModelError(f"ez={self.ez!r} must be true or false")
        if self.ez and self.banker_pays != 1:
            raise ModelError("EZ Baccarat pays Banker 1:1 (no commission); set banker_pays to 1")
        for name in ("min_bet", "max_bet"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ModelError(f"{name}={value!r} must be a positive int (minor units)")
        if self.min_bet > self.max_bet:
            raise ModelError(f"min_bet={self.min_bet} is over max_bet={self.max_bet}")
        if self.max_bet * (max(self.tie_pays, self.pair_pays, self.dragon_7_pays) + 1) >= 2**63:
            raise ModelError(f"max_bet={self.max_bet} would let a payout overflow int64")

    @property
    def bet_kinds(self) -> tuple[str, ...]:
        return EZ_BET_KINDS if self.ez else BET_KINDS

    @property
    def banker_step(self) -> int:
        """Banker stakes must be multiples of this so the net win is whole (20 for 19/20)."""
        return self.banker_pays.denominator

    def to_model(self) -> dict[str, Any]:
        """The canonical-JSON-able rules document (exact numbers as fraction strings)."""
        data = asdict(self)
        data["banker_pays"] = f"{self.banker_pays.numerator}/{self.banker_pays.denominator}"
        return data

    @classmethod
    def from_mapping(
        cls, data: Mapping[str, Any], base: BaccaratRules | None = None
    ) -> BaccaratRules:
        """Rules from a config mapping; missing fields come from ``base`` (default 8 decks)."""
        start = asdict(base if base is not None else cls())
        known = set(start)
        unknown = sorted(set(data) - known)
        if unknown:
            raise ModelError(
                f"unknown baccarat rule(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
            )
        start.update(data)
        pays = start["banker_pays"]
        if isinstance(pays, str):
            try:
                start["banker_pays"] = Fraction(pays)
            except ValueError as exc:
                raise ModelError(f"banker_pays={pays!r} is not a fraction like '19/20'") from exc
        elif isinstance(pays, int) and not isinstance(pays, bool):
            start["banker_pays"] = Fraction(pays)
        if "ez" in data and data["ez"] is True and "banker_pays" not in data:
            start["banker_pays"] = Fraction(1)
        return cls(**start)


BACCARAT_RULES = BaccaratRules()
BACCARAT_EZ_RULES = BaccaratRules(ez=True, banker_pays=Fraction(1))


def card_value(card: Card) -> int:
    """Baccarat value: ace 1, 2-9 face value, ten and faces 0."""
    rank = card.rank
    return rank if rank < 10 else 0


def hand_total(cards: Sequence[Card]) -> int:
    """The hand's total: the sum of its card values, mod 10."""
    return sum(card_value(card) for card in cards) % 10


def player_draws(player_total: int) -> bool:
    """The Player (no natural on either side) draws on 0-5, stands on 6-7."""
    return player_total <= 5


#: For a Banker two-card total 3..6: the Player third-card values it draws against.
_BANKER_DRAWS_AGAINST: dict[int, frozenset[int]] = {
    3: frozenset({0, 1, 2, 3, 4, 5, 6, 7, 9}),
    4: frozenset({2, 3, 4, 5, 6, 7}),
    5: frozenset({4, 5, 6, 7}),
    6: frozenset({6, 7}),
}


def banker_draws(banker_total: int, player_third: int | None) -> bool:
    """Does the Banker (no natural on either side) draw a third card?

    ``player_third`` is the value of the Player's third card, or None when the
    Player stood.
    """
    if player_third is None:
        return banker_total <= 5
    if banker_total <= 2:
        return True
    if banker_total >= 7:
        return False
    return player_third in _BANKER_DRAWS_AGAINST[banker_total]


@dataclass(frozen=True)
class Coup:
    """One coup as dealt: the hands in dealing order and their totals."""

    player: tuple[Card, ...]
    banker: tuple[Card, ...]
    #: The shoe positions used, in dealing order (0, 1, 2, 3, then 4 and 5 as drawn).
    dealt: tuple[Card, ...] = field(repr=False)

    @property
    def player_total(self) -> int:
        return hand_total(self.player)

    @property
    def banker_total(self) -> int:
        return hand_total(self.banker)

    @property
    def natural(self) -> bool:
        return max(hand_total(self.player[:2]), hand_total(self.banker[:2])) >= 8

    @property
    def winner(self) -> str:
        """``"player"``, ``"banker"`` or ``"tie"``."""
        if self.player_total > self.banker_total:
            return "player"
        if self.banker_total > self.player_total:
            return "banker"
        return "tie"

    @property
    def player_pair(self) -> bool:
        return self.player[0].rank == self.player[1].rank

    @property
    def banker_pair(self) -> bool:
        return self.banker[0].rank == self.banker[1].rank

    @property
    def dragon_7(self) -> bool:
        """The Banker wins with a three-card 7."""
        return self.winner == "banker" and len(self.banker) == 3 and self.banker_total == 7

    @property
    def panda_8(self) -> bool:
        """The Player wins with a three-card 8."""
        return self.winner == "player" and len(self.player) == 3 and self.player_total == 8


def deal_coup(shoe: Sequence[Card]) -> Coup:
    """Deal one coup from the front of ``shoe`` by the normative order and tableau."""
    if len(shoe) < 6:
        raise ValueError(f"a coup needs a shoe of at least 6 cards, got {len(shoe)}")
    player = [shoe[0], shoe[2]]
    banker = [shoe[1], shoe[3]]
    position = 4
    player_two, banker_two = hand_total(player), hand_total(banker)
    if max(player_two, banker_two) < 8:
        player_third: int | None = None
        if player_draws(player_two):
            player.append(shoe[position])
            player_third = card_value(shoe[position])
            position += 1
        if banker_draws(banker_two, player_third):
            banker.append(shoe[position])
            position += 1
    return Coup(tuple(player), tuple(banker), tuple(shoe[:position]))


def _net(rules: BaccaratRules, kind: str, coup: Coup) -> Fraction | None:
    """Net win per unit of a bet of ``kind`` on ``coup``: a Fraction, 0 (push) or None (lost)."""
    winner = coup.winner
    if kind == "banker":
        if winner == "tie" or (rules.ez and coup.dragon_7):
            return Fraction(0)
        return rules.banker_pays if winner == "banker" else None
    if kind == "player":
        if winner == "tie":
            return Fraction(0)
        return Fraction(1) if winner == "player" else None
    if kind == "tie":
        return Fraction(rules.tie_pays) if winner == "tie" else None
    if kind == "player_pair":
        return Fraction(rules.pair_pays) if coup.player_pair else None
    if kind == "banker_pair":
        return Fraction(rules.pair_pays) if coup.banker_pair else None
    if kind == "dragon_7":
        return Fraction(rules.dragon_7_pays) if coup.dragon_7 else None
    if kind == "panda_8":
        return Fraction(rules.panda_8_pays) if coup.panda_8 else None
    raise InvalidBetError(f"unknown baccarat bet kind {kind!r}")


def settle(rules: BaccaratRules, bet: Bet, coup: Coup) -> tuple[str, int]:
    """``(result, gross win)`` of one bet: result is "win", "push" or "lose"."""
    net = _net(rules, bet.kind, coup)
    if net is None:
        return "lose", 0
    gross = bet.amount + bet.amount * net
    if gross.denominator != 1:  # pragma: no cover - validate_bets enforces the step
        raise InvalidBetError(f"amount={bet.amount} for {bet.kind} gives a fractional payout")
    return ("win" if net > 0 else "push"), int(gross)


def _bet_specs(rules: BaccaratRules, returns: Mapping[str, Fraction]) -> tuple[BetSpec, ...]:
    banker_pays = (
        "1:1, push when the Banker wins with a three-card 7"
        if rules.ez
        else f"{float(rules.banker_pays):g}:1 ({rules.banker_pays.numerator}:"
        f"{rules.banker_pays.denominator}, {float(1 - rules.banker_pays):.0%} commission)"
    )
    described = {
        "banker": ("the Banker hand wins; a tie pushes", banker_pays, rules.banker_step),
        "player": ("the Player hand wins; a tie pushes", "1:1", 1),
        "tie": ("the hands tie", f"{rules.tie_pays}:1", 1),
        "player_pair": (
            "the Player's first two cards are of equal rank",
            f"{rules.pair_pays}:1",
            1,
        ),
        "banker_pair": (
            "the Banker's first two cards are of equal rank",
            f"{rules.pair_pays}:1",
            1,
        ),
        "dragon_7": ("the Banker wins with a three-card 7", f"{rules.dragon_7_pays}:1", 1),
        "panda_8": ("the Player wins with a three-card 8", f"{rules.panda_8_pays}:1", 1),
    }
    specs = []
    for kind in rules.bet_kinds:
        description, pays, step = described[kind]
        low = -(-rules.min_bet // step) * step
        high = rules.max_bet // step * step
        specs.append(BetSpec(kind, description, pays, low, high, returns[kind], step))
    return tuple(specs)


class Baccarat:
    """A Punto Banco game for one fixed set of rules (single-step: no actions)."""

    def __init__(
        self, game_id: str, name: str, rules: BaccaratRules, version: int = GAME_VERSION
    ) -> None:
        self.rules = rules
        model: dict[str, Any] = {
            "game": "baccarat",
            "game_id": game_id,
            "version": version,
            "rules": rules.to_model(),
            "dealing": DEALING_ORDER,
        }
        self._game_id = game_id
        self._name = name
        self._version = version
        self._model = model
        self._model_hash = canonical_hash(model)
        self._spec: GameSpec | None = None

    @property
    def spec(self) -> GameSpec:
        if self._spec is None:
            returns = exact_returns(self.rules)
            bets = _bet_specs(self.rules, returns)
            self._spec = GameSpec(
                game_id=self._game_id,
                name=self._name,
                version=self._version,
                model_hash=self._model_hash,
                algorithm_version=ALGORITHM_VERSION,
                multi_step=False,
                bets=bets,
                rtp=returns["banker"],
                model=self._model,
            )
        return self._spec

    def validate_bets(self, bets: Sequence[Bet]) -> None:
        if len(bets) == 0:
            raise InvalidBetError("place at least one bet: " + ", ".join(self.rules.bet_kinds))
        kinds = self.rules.bet_kinds
        validate_kind_bets(self.spec, bets, kinds, use=", ".join(kinds))

    def play(
        self, stream: ByteSource, bets: Sequence[Bet], actions: Sequence[Action] = ()
    ) -> RoundOutcome:
        self.validate_bets(bets)
        if len(actions) > 0:
            raise IllegalActionError(
                f"{self._game_id} is single-step and takes no actions; got {actions[0].kind!r}"
            )
        source = CountingSource(stream)
        coup = deal_coup(shuffled_shoe(source, self.rules.decks))
        settlements: list[dict[str, Any]] = []
        total_win = 0
        for bet in bets:
            result, gross = settle(self.rules, bet, coup)
            total_win += gross
            settlements.append(
                {"kind": bet.kind, "amount": bet.amount, "result": result, "win": gross}
            )
        outcome: dict[str, Any] = {
            "decks": self.rules.decks,
            "cards_dealt": [str(card) for card in coup.dealt],
            "player_cards": [str(card) for card in coup.player],
            "banker_cards": [str(card) for card in coup.banker],
            "player_total": coup.player_total,
            "banker_total": coup.banker_total,
            "winner": coup.winner,
            "natural": coup.natural,
            "player_natural": hand_total(coup.player[:2]) >= 8,
            "banker_natural": hand_total(coup.banker[:2]) >= 8,
            "player_pair": coup.player_pair,
            "banker_pair": coup.banker_pair,
            "settlements": settlements,
        }
        if self.rules.ez:
            outcome["dragon_7"] = coup.dragon_7
            outcome["panda_8"] = coup.panda_8
        return RoundOutcome(
            game_id=self._game_id,
            model_hash=self._model_hash,
            bets=tuple(bets),
            actions=(),
            finished=True,
            legal_actions=(),
            outcome=outcome,
            total_bet=sum(bet.amount for bet in bets),
            total_win=total_win,
            bytes_used=source.used,
        )


#: Exact RTP (1 + EV) per bet for the shipped rules, from baccarat_math's
#: enumeration; tests/games/cards/test_baccarat_math.py recomputes every one.
_DENOMINATOR_8 = 4_998_398_275_503_360  # 416*415*414*413*412*411
_B8 = 2_292_252_566_437_888
_P8 = 2_230_518_282_592_256
_T8 = 475_627_426_473_216
_DRAGON_8 = 112_633_011_329_024
_PANDA_8 = 172_660_763_262_976
_PAIR_8 = Fraction(12 * 31, 415)  # 1 + 11 * P(pair) with P = 31/415
_SHIPPED_RETURNS: dict[BaccaratRules, dict[str, Fraction]] = {
    BACCARAT_RULES: {
        "banker": 1 + Fraction(_B8 * 19 - _P8 * 20, 20 * _DENOMINATOR_8),
        "player": 1 + Fraction(_P8 - _B8, _DENOMINATOR_8),
        "tie": 1 + Fraction(_T8 * 8 - (_B8 + _P8), _DENOMINATOR_8),
        "player_pair": _PAIR_8,
        "banker_pair": _PAIR_8,
    },
    BACCARAT_EZ_RULES: {
        "banker": 1 + Fraction(_B8 - _DRAGON_8 - _P8, _DENOMINATOR_8),
        "player": 1 + Fraction(_P8 - _B8, _DENOMINATOR_8),
        "tie": 1 + Fraction(_T8 * 8 - (_B8 + _P8), _DENOMINATOR_8),
        "player_pair": _PAIR_8,
        "banker_pair": _PAIR_8,
        "dragon_7": 1 + Fraction(_DRAGON_8 * 40 - (_DENOMINATOR_8 - _DRAGON_8), _DENOMINATOR_8),
        "panda_8": 1 + Fraction(_PANDA_8 * 25 - (_DENOMINATOR_8 - _PANDA_8), _DENOMINATOR_8),
    },
}


def exact_returns(rules: BaccaratRules) -> dict[str, Fraction]:
    """Exact RTP per bet kind: the shipped constants, or an enumeration for other rules."""
    known = _SHIPPED_RETURNS.get(rules)
    if known is not None:
        return dict(known)
    from games.cards.baccarat_math import analyse  # lazy: ~1 s of enumeration

    return analyse(rules).returns()


def catalog() -> list[Baccarat]:
    """The shipped baccarat games (every model version)."""
    return [
        Baccarat("baccarat", "Baccarat (Punto Banco, 8 decks, tie 8:1)", BACCARAT_RULES),
        Baccarat(
            "baccarat-ez", "EZ Baccarat (no commission, Dragon 7, Panda 8)", BACCARAT_EZ_RULES
        ),
    ]
