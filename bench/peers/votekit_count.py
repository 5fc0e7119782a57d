"""Peer: votekit's STV (fractional transfer, Droop quota) on a BLT file, as a whole process;
prints the elected as JSON.

    PEER_PYTHON bench/peers/votekit_count.py FILE.blt [--exact]

FastSTV counts in floating point with numpy; --exact uses votekit's STV with exact
fractions instead.
"""

from __future__ import annotations

import json
import sys

from blt import read
from votekit.ballot import RankBallot
from votekit.elections import STV, FastSTV
from votekit.pref_profile import RankProfile

names, seats, rankings = read(sys.argv[1])
ballots = [RankBallot(ranking=[{names[c]} for c in ranking], weight=n)
           for ranking, n in rankings.items() if ranking]
profile = RankProfile(ballots=ballots, candidates=names,
                      max_ranking_length=max(len(r) for r in rankings))
if "--exact" in sys.argv[2:]:
    election = STV(profile, n_seats=seats, exact=True, tiebreak="random", rng_seed=1)
else:
    election = FastSTV(profile, n_seats=seats, tiebreak="random", rng_seed=1)
print(json.dumps({"elected": sorted(c for s in election.get_elected() for c in s)}))
