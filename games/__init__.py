# games — pure game rules. A round is a function of an outcome stream and the
# player's bet (and actions, for multi-step games); each game also carries its
# exact theoretical math. Imports: rng only.
"""Pure game rules and their exact math."""

__all__: list[str] = []
