# alea — the generated gRPC API (package alea.v1). The .proto sources are under
# proto/; regenerate with `make proto`. Nothing hand-written lives here.
"""The Alea gRPC API, generated from proto/alea/v1."""
