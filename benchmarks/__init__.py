"""Scale benchmarks (`make bench`): not part of `make test`, which must stay fast and timing-free."""
