# server — the gRPC services, the round journal and its stores, signing, auth,
# config and metrics. Imports: rng, games, the generated alea.v1 API.
"""The Alea game server."""

__all__: list[str] = []
