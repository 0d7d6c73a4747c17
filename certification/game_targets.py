"""How a campaign plays each game through the production code path, and the exact math it
compares with.

For every game the campaign plays rounds keyed like the server's (a seed pair
per chunk, nonces 0, 1, ...), calling the game's own ``play`` with the bets
below and, for multi-step games, the strategy its exact return assumes (basic
strategy, optimal holds, Q-6-4). From each finished round it keeps the return
per unit of initial stake, whether it hit, the win, and the game's final
outcome: the roulette pocket, the slot stops and base-spin award, the baccarat
winner, the three card poker hand category. Card games also give the shoe
order of each round (the first thing the round reads from its stream).

Exact references: the return of the bet mix is the stake-weighted mean of the
bets' exact returns (``BetSpec.expected_return``). Roulette's full win
distribution and hit rate come from enumerating every pocket (and prison spin)
through the game's own ``play``; slots from the PAR sheet's full-cycle
enumeration (base-spin award distribution, hit frequency, SD); baccarat's
winner distribution from its exact enumeration; three card poker's hand
categories from all C(52, 3) = 22,100 hands.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from games import Action, Bet, Game, RoundOutcome, game_by_id
from games.errors import UnknownGameError

__all__ = [
    "ALIASES",
    "ExactMath",
    "GamePlan",
    "exact_math",
    "plan_for",
    "resolve_game_id",
]

#: Short names accepted in ``game:ID``.
ALIASES = {"roulette": "roulette-european"}

TCP_CATEGORIES = (
    "high_card",
    "pair",
    "flush",
    "straight",
    "three_of_a_kind",
    "straight_flush",
)


def resolve_game_id(name: str) -> str:
    game_id = ALIASES.get(name, name)
    game_by_id(game_id)  # raises UnknownGameError naming the known games
    return game_id


@dataclass
class GamePlan:
    """What a campaign plays for one game and what it extracts from each round."""

    game: Game
    family: str  # "roulette" | "slots" | "cards"
    bets: list[Bet]
    strategy: Callable[[RoundOutcome], Action] | None
    decks: int = 0
    default_rounds: int = 100_000
    #: round -> {feature name: int} (final outcomes kept for the outcome tests)
    features: Callable[[RoundOutcome], dict[str, int]] = field(default=lambda _o: {})
    hit: Callable[[RoundOutcome], bool] = field(default=lambda o: o.total_win > 0)

    @property
    def game_id(self) -> str:
        return self.game.spec.game_id

    @property
    def expected_return(self) -> Fraction:
        total = sum(b.amount for b in self.bets)
        weighted = sum(
            (b.amount * self.game.spec.bet_spec(b.kind).expected_return for b in self.bets),
            Fraction(0),
        )
        return weighted / total


def _roulette_features(outcome: RoundOutcome) -> dict[str, int]:
    return {"pocket": int(outcome.outcome["pocket_index"])}


def _slot_plan(game: Game) -> GamePlan:
    from games.slots import SlotGame

    assert isinstance(game, SlotGame)
    model = game.model
    bet = Bet("spin", game.spec.bets[0].min_amount)
    per_line = bet.amount // model.line_count

    def features(outcome: RoundOutcome) -> dict[str, int]:
        data = outcome.outcome
        out = {f"stop{i}": int(s) for i, s in enumerate(data["stops"])}
        out["base_award"] = int(data["base_win"]) // per_line
        out["triggered"] = int(data["free_spins"] is not None)
        return out

    def hit(outcome: RoundOutcome) -> bool:
        return bool(outcome.outcome["base_win"] > 0 or outcome.outcome["free_spins"] is not None)

    return GamePlan(game, "slots", [bet], None, 0, 500_000, features, hit)


def _tcp_category(texts: Sequence[str]) -> int:
    from games.cards.deck import card_from_text
    from games.cards.three_card_poker import hand_category

    return TCP_CATEGORIES.index(hand_category([card_from_text(t) for t in texts]))


def plan_for(game_id: str) -> GamePlan:
    """The plan of ``game_id`` (a module-level rebuild, so workers need only the id)."""
    game = game_by_id(game_id)
    if game_id.startswith("roulette-"):
        bets = [Bet("straight", 100, ("17",)), Bet("red", 100), Bet("dozen", 100, ("2",))]
        return GamePlan(game, "roulette", bets, None, 0, 1_000_000, _roulette_features)
    if game_id.startswith("slots-"):
        return _slot_plan(game)
    if game_id.startswith("baccarat"):
        from games.cards.baccarat import Baccarat

        assert isinstance(game, Baccarat)
        bets = [Bet(spec.kind, 100) for spec in game.spec.bets]
        winners = ("banker", "player", "tie")

        def winner(outcome: RoundOutcome) -> dict[str, int]:
            return {"winner": winners.index(str(outcome.outcome["winner"]))}

        return GamePlan(game, "cards", bets, None, game.rules.decks, 20_000, winner)
    if game_id.startswith("three-card-poker"):
        from games.cards.deck import card_from_text
        from games.cards.three_card_poker import hand_strength, plays_q64

        def q64(state: RoundOutcome) -> Action:
            hand = [card_from_text(t) for t in state.outcome["player_cards"]]
            return Action("play" if plays_q64(hand_strength(hand)) else "fold")

        def category(outcome: RoundOutcome) -> dict[str, int]:
            return {"player_category": _tcp_category(outcome.outcome["player_cards"])}

        bets = [Bet("ante", 100), Bet("pair_plus", 100)]
        return GamePlan(game, "cards", bets, q64, 1, 100_000, category)
    if game_id.startswith("video-poker"):
        from games.cards.video_poker import VideoPokerGame, strategy

        assert isinstance(game, VideoPokerGame)
        return GamePlan(game, "cards", [Bet("hand", 5)], strategy(game.paytable), 1, 20_000)
    if game_id.startswith("blackjack"):
        from games.cards.blackjack import BlackjackGame, strategy_for

        assert isinstance(game, BlackjackGame)
        bet = Bet("main", 10 * game.spec.bets[0].amount_step)
        return GamePlan(game, "cards", [bet], strategy_for(game.rules), game.rules.decks, 50_000)
    raise UnknownGameError(f"no certification plan for game {game_id!r}")


# ------------------------------------------------------------------------ exact


@dataclass
class ExactMath:
    """Exact references for one game plan (absent ones are None)."""

    rtp: Fraction
    sd: float | None = None
    hit_rate: Fraction | None = None
    #: award category -> probability, and how the category is read from a round
    awards: Mapping[int, Fraction] | None = None
    award_feature: str = "win"  # "win" (gross, minor units) or a feature name
    award_label: str = "win (minor units)"
    #: feature name -> (labels, exact probabilities) for categorical final outcomes
    categories: dict[str, tuple[tuple[str, ...], tuple[Fraction, ...]]] = field(
        default_factory=dict
    )
    #: per slot reel: probabilities of each stop
    stop_probabilities: list[tuple[Fraction, ...]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class _NeedDraw(Exception):
    pass


class _Scripted:
    """A byte source whose 4-byte words are the scripted draws (each < n <= its limit)."""

    def __init__(self, values: Sequence[int]) -> None:
        self._values = list(values)
        self._index = 0

    def read(self, num_bytes: int) -> bytes:
        if num_bytes != 4:
            raise ValueError("scripted enumeration supports 32-bit draws only")
        if self._index >= len(self._values):
            raise _NeedDraw
        value = self._values[self._index]
        self._index += 1
        return value.to_bytes(4, "big")


def _enumerate_wins(plan: GamePlan, branching: int) -> dict[int, Fraction]:
    """Exact win distribution by playing every sequence of draws (each 1/branching)."""
    out: dict[int, Fraction] = {}
    stack: list[list[int]] = [[]]
    while stack:
        prefix = stack.pop()
        try:
            outcome = plan.game.play(_Scripted(prefix), plan.bets)
        except _NeedDraw:
            stack.extend([*prefix, v] for v in range(branching))
            continue
        weight = Fraction(1, branching ** len(prefix))
        out[outcome.total_win] = out.get(outcome.total_win, Fraction(0)) + weight
    return dict(sorted(out.items()))


def exact_math(plan: GamePlan) -> ExactMath:
    """The exact references of ``plan`` (module docstring)."""
    exact = ExactMath(rtp=plan.expected_return)
    stake = sum(b.amount for b in plan.bets)
    if plan.family == "roulette":
        branching = len(plan.game.spec.model["wheel_order"])  # 37 or 38 pockets
        wins = _enumerate_wins(plan, branching)
        exact.awards = wins
        exact.hit_rate = sum((p for w, p in wins.items() if w > 0), Fraction(0))
        mean = sum((p * w for w, p in wins.items()), Fraction(0)) / stake
        second = sum((p * w * w for w, p in wins.items()), Fraction(0)) / (stake * stake)
        exact.sd = float(second - mean * mean) ** 0.5
        if mean != exact.rtp:
            exact.notes.append(
                f"enumerated return {mean} differs from the bets' exact returns {exact.rtp}"
            )
        exact.categories["pocket"] = (
            tuple(str(i) for i in range(branching)),
            tuple(Fraction(1, branching) for _ in range(branching)),
        )
    elif plan.family == "slots":
        from games.slots import SlotGame
        from games.slots.par import par_sheet

        assert isinstance(plan.game, SlotGame)
        sheet = par_sheet(plan.game.model)
        exact.rtp = sheet.rtp
        exact.sd = sheet.sd
        exact.hit_rate = sheet.hit_frequency
        cycle = sheet.base.cycle
        exact.awards = {a: Fraction(n, cycle) for a, n in sheet.base.awards().items()}
        exact.award_feature = "base_award"
        exact.award_label = "base-spin award (credits)"
        for reel in plan.game.model.reels:
            total = reel.total
            exact.stop_probabilities.append(
                tuple(Fraction(reel.weight(s), total) for s in range(len(reel.strip)))
            )
        if sheet.feature is not None:
            exact.notes.append(
                "free spins: their win distribution has no closed form (retriggers); the "
                "feature is covered by the return, SD and the trigger frequency"
            )
            exact.categories["triggered"] = (
                ("no", "yes"),
                (1 - sheet.feature.trigger_probability, sheet.feature.trigger_probability),
            )
    elif plan.game_id.startswith("baccarat"):
        from games.cards.baccarat import Baccarat
        from games.cards.baccarat_math import analyse

        assert isinstance(plan.game, Baccarat)
        analysis = analyse(plan.game.rules)
        labels = ("banker", "player", "tie")
        exact.categories["winner"] = (
            labels,
            tuple(Fraction(analysis.count(w), analysis.denominator) for w in labels),
        )
    elif plan.game_id.startswith("three-card-poker"):
        from games.cards.deck import Card
        from games.cards.three_card_poker import hand_category

        counts = dict.fromkeys(TCP_CATEGORIES, 0)
        for hand in itertools.combinations(range(52), 3):
            counts[hand_category([Card(c) for c in hand])] += 1
        total = sum(counts.values())
        exact.categories["player_category"] = (
            TCP_CATEGORIES,
            tuple(Fraction(counts[c], total) for c in TCP_CATEGORIES),
        )
    if plan.game_id.startswith("blackjack"):
        exact.notes.append(
            "blackjack's exact return is the finite-shoe figure with the approximation stated "
            "in docs/games.md (split hands valued as if the other split hands' cards went back)"
        )
    return exact
