"""CountDesk: counting paper ballots by the Single Transferable Vote."""

__version__ = "0.1.0"
