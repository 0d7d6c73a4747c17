"""How ``alea verify`` shows a round: what the player saw, in plain text.

One renderer per game family, chosen by game id (roulette, slots, baccarat,
blackjack, video poker, three card poker), each reading the outcome document
exactly as the game wrote it into the receipt (docs/games.md). An outcome of a
shape a renderer doesn't expect (an unknown game, an older model version) falls
back to a generic listing of its fields, so showing a round never fails.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = ["render_outcome", "summary_line"]

Lines = list[str]
_Renderer = Callable[[Mapping[str, Any]], Lines]


def _cards(cards: Sequence[Any]) -> str:
    return " ".join(str(card) for card in cards) or "-"


def _settlements(items: Sequence[Mapping[str, Any]]) -> Lines:
    lines: Lines = []
    for item in items:
        target = item.get("target") or []
        what = str(item.get("kind", "?"))
        if target:
            what += " " + "-".join(str(t) for t in target)
        lines.append(
            f"  {what:<24} stake {item.get('amount', 0):>10}  {item.get('result', ''):<20} "
            f"win {item.get('win', 0)}"
        )
    return lines


# ------------------------------------------------------------------ roulette


def _roulette(outcome: Mapping[str, Any]) -> Lines:
    lines = [
        f"Pocket: {outcome['pocket']} {outcome['color']} "
        f"(draw uniform_int = {outcome['pocket_index']})"
    ]
    prison = outcome.get("prison_spin")
    if prison:
        lines.append(
            f"En Prison spin: {prison['pocket']} {prison['color']} "
            f"(draw uniform_int = {prison['pocket_index']})"
        )
    lines.append("Bets:")
    lines += _settlements(outcome["settlements"])
    return lines


def _roulette_summary(outcome: Mapping[str, Any]) -> str:
    text = f"pocket {outcome['pocket']} {outcome['color']}"
    prison = outcome.get("prison_spin")
    if prison:
        text += f", prison spin {prison['pocket']}"
    return text


# --------------------------------------------------------------------- slots


def _grid(window: Sequence[Sequence[Any]], indent: str = "  ") -> Lines:
    rows = [[str(cell) for cell in row] for row in window]
    width = max((len(cell) for row in rows for cell in row), default=1)
    return [indent + "  ".join(cell.ljust(width) for cell in row).rstrip() for row in rows]


def _spin_lines(spin: Mapping[str, Any], indent: str = "") -> Lines:
    lines = [f"{indent}Stops: {' '.join(str(s) for s in spin['stops'])}", f"{indent}Window:"]
    lines += _grid(spin["window"], indent + "  ")
    line_wins = spin.get("line_wins") or []
    if line_wins:
        lines.append(f"{indent}Paying lines:")
        for hit in line_wins:
            wilds = f", wilds x{hit['multiplier']}" if hit["multiplier"] != 1 else ""
            lines.append(
                f"{indent}  line {hit['line']}: {' '.join(str(s) for s in hit['symbols'])} "
                f"({hit['rule']}) pays {hit['pays']}{wilds} -> win {hit['win']}"
            )
    else:
        lines.append(f"{indent}Paying lines: none")
    for scatter in spin.get("scatter_wins") or []:
        lines.append(
            f"{indent}Scatter: {scatter['count']} x {scatter['symbol']} pays {scatter['pays']} "
            f"x total stake -> win {scatter['win']}"
        )
    return lines


def _slots(outcome: Mapping[str, Any]) -> Lines:
    lines = [f"Lines played: {outcome['lines']}, bet per line {outcome['bet_per_line']}"]
    lines += _spin_lines(outcome)
    lines.append(f"Base game win: {outcome['base_win']}")
    feature = outcome.get("free_spins")
    if feature:
        lines.append(
            f"Free spins: {feature['awarded']} awarded, {feature['retriggered']} retriggered, "
            f"{feature['played']} played, wins x{feature['multiplier']}, "
            f"feature win {feature['win']}"
        )
        for number, spin in enumerate(feature["spins"], start=1):
            extra = f", retrigger +{spin['retrigger']}" if spin.get("retrigger") else ""
            lines.append(f"  Free spin {number}: win {spin['win']}{extra}")
            lines += _spin_lines(spin, "    ")
    return lines


def _slots_summary(outcome: Mapping[str, Any]) -> str:
    lines = len(outcome.get("line_wins") or [])
    text = f"stops {' '.join(str(s) for s in outcome['stops'])}, {lines} paying line(s)"
    feature = outcome.get("free_spins")
    if feature:
        text += f", {feature['played']} free spins"
    return text


# ------------------------------------------------------------------ baccarat


def _baccarat(outcome: Mapping[str, Any]) -> Lines:
    natural = " (natural)" if outcome.get("natural") else ""
    lines = [
        f"Player: {_cards(outcome['player_cards']):<12} total {outcome['player_total']}",
        f"Banker: {_cards(outcome['banker_cards']):<12} total {outcome['banker_total']}",
        f"Winner: {outcome['winner']}{natural}",
        f"Pairs: player {'yes' if outcome.get('player_pair') else 'no'}, "
        f"banker {'yes' if outcome.get('banker_pair') else 'no'}",
    ]
    if "dragon_7" in outcome:
        lines.append(
            f"Dragon 7: {'yes' if outcome['dragon_7'] else 'no'}, "
            f"Panda 8: {'yes' if outcome.get('panda_8') else 'no'}"
        )
    lines.append(f"Cards in shoe order: {_cards(outcome['cards_dealt'])}")
    lines.append("Bets:")
    lines += _settlements(outcome["settlements"])
    return lines


def _baccarat_summary(outcome: Mapping[str, Any]) -> str:
    return (
        f"player {_cards(outcome['player_cards'])} ({outcome['player_total']}) v banker "
        f"{_cards(outcome['banker_cards'])} ({outcome['banker_total']}): {outcome['winner']}"
    )


# ----------------------------------------------------------------- blackjack


def _total(hand: Mapping[str, Any]) -> str:
    soft = " soft" if hand.get("soft") else ""
    bust = " (bust)" if int(hand["total"]) > 21 else ""
    return f"{hand['total']}{soft}{bust}"


def _blackjack(outcome: Mapping[str, Any]) -> Lines:
    dealer = outcome["dealer"]
    flag = " (blackjack)" if dealer.get("blackjack") else ""
    lines = [f"Dealer: {_cards(dealer['cards']):<20} total {_total(dealer)}{flag}"]
    for number, hand in enumerate(outcome["hands"], start=1):
        marks = [
            name
            for name in ("blackjack", "split", "doubled", "surrendered")
            if hand.get(name) is True
        ]
        shown = f" [{', '.join(marks)}]" if marks else ""
        actions = ", ".join(hand.get("actions") or []) or "none"
        result = f" -> {hand['result']}, win {hand['win']}" if "result" in hand else ""
        lines.append(
            f"Hand {number}: {_cards(hand['cards']):<20} total {_total(hand)}{shown}  "
            f"stake {hand['bet']}  actions: {actions}{result}"
        )
    insurance = outcome.get("insurance")
    if insurance:
        win = f", win {insurance['win']}" if "win" in insurance else ""
        lines.append(f"Insurance: stake {insurance['bet']}{win}")
    lines.append(f"Cards used from the shoe: {outcome.get('cards_dealt')}")
    return lines


def _blackjack_summary(outcome: Mapping[str, Any]) -> str:
    dealer = outcome["dealer"]
    hands = "; ".join(
        f"{_cards(hand['cards'])} {hand.get('result', '')}".strip() for hand in outcome["hands"]
    )
    return f"dealer {_cards(dealer['cards'])} ({dealer['total']}); {hands}"


# --------------------------------------------------------------- video poker


def _video_poker(outcome: Mapping[str, Any]) -> Lines:
    dealt = list(outcome["dealt"])
    lines = [f"Dealt:  {_cards(dealt)}   (positions 0-4)"]
    if "final" not in outcome:
        lines.append("Not drawn yet: the next action is hold:POSITIONS")
        return lines
    held = list(outcome["held"])
    kept = " ".join(str(dealt[p]) for p in held) if held else "nothing"
    lines += [
        f"Held:   positions {', '.join(str(p) for p in held) or 'none'} ({kept})",
        f"Drawn:  {_cards(outcome['replacements'])}",
        f"Final:  {_cards(outcome['final'])}",
        f"Hand:   {outcome['hand']}, pays {outcome['pays']} for 1 -> win {outcome['win']}",
    ]
    return lines


def _video_poker_summary(outcome: Mapping[str, Any]) -> str:
    if "final" not in outcome:
        return f"dealt {_cards(outcome['dealt'])}"
    return f"final {_cards(outcome['final'])}: {outcome['hand']}"


# ---------------------------------------------------------- three card poker


def _three_card_poker(outcome: Mapping[str, Any]) -> Lines:
    lines = [f"Player: {_cards(outcome['player_cards'])}  ({outcome['player_hand']})"]
    if "decision" not in outcome:
        lines.append("Decision pending: play or fold")
        return lines
    qualifies = "qualifies" if outcome["dealer_qualifies"] else "does not qualify (Q-high)"
    lines += [
        f"Decision: {outcome['decision']}",
        f"Dealer: {_cards(outcome['dealer_cards'])}  ({outcome['dealer_hand']}), {qualifies}",
        f"Result: {outcome['result']}",
        "Bets:",
    ]
    lines += _settlements(outcome["settlements"])
    return lines


def _three_card_poker_summary(outcome: Mapping[str, Any]) -> str:
    text = f"player {_cards(outcome['player_cards'])} ({outcome['player_hand']})"
    if "decision" in outcome:
        text += (
            f", {outcome['decision']}; dealer {_cards(outcome['dealer_cards'])} "
            f"({outcome['dealer_hand']}): {outcome['result']}"
        )
    return text


# ------------------------------------------------------------------- generic


def _generic(outcome: Mapping[str, Any]) -> Lines:
    lines: Lines = []
    for key in sorted(outcome):
        text = json.dumps(outcome[key], ensure_ascii=False, sort_keys=True)
        lines.append(f"{key}: {text}")
    return lines


def _generic_summary(outcome: Mapping[str, Any]) -> str:
    text = json.dumps(outcome, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text if len(text) <= 60 else text[:57] + "..."


_FAMILIES: tuple[tuple[str, _Renderer, Callable[[Mapping[str, Any]], str]], ...] = (
    ("roulette", _roulette, _roulette_summary),
    ("slots", _slots, _slots_summary),
    ("baccarat", _baccarat, _baccarat_summary),
    ("blackjack", _blackjack, _blackjack_summary),
    ("video-poker", _video_poker, _video_poker_summary),
    ("three-card-poker", _three_card_poker, _three_card_poker_summary),
)

_SHAPE_ERRORS = (KeyError, TypeError, ValueError, IndexError, AttributeError)


def _family(game_id: str) -> tuple[_Renderer, Callable[[Mapping[str, Any]], str]]:
    for prefix, render, summary in _FAMILIES:
        if game_id == prefix or game_id.startswith(prefix + "-"):
            return render, summary
    return _generic, _generic_summary


def render_outcome(game_id: str, outcome: Mapping[str, Any]) -> Lines:
    """The round as the player saw it, line by line (generic listing for unknown shapes)."""
    render, _ = _family(game_id)
    try:
        return render(outcome)
    except _SHAPE_ERRORS:
        return _generic(outcome)


def summary_line(game_id: str, outcome: Mapping[str, Any]) -> str:
    """One short line for a table of rounds."""
    _, summary = _family(game_id)
    try:
        return summary(outcome)
    except _SHAPE_ERRORS:
        return _generic_summary(outcome)
