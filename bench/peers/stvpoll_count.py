"""Peer: stvpoll's Scottish STV on a BLT file, as a whole process; prints the elected as JSON.

    PEER_PYTHON bench/peers/stvpoll_count.py FILE.blt
"""

from __future__ import annotations

import json
import sys

from blt import read
from stvpoll.scottish_stv import calculate_scottish_stv

names, seats, rankings = read(sys.argv[1])
ballots = {tuple(names[c] for c in ranking): n for ranking, n in rankings.items()}
result = calculate_scottish_stv(tuple(names), ballots, seats, random_shuffle=False)
print(json.dumps({"elected": list(result.elected_as_tuple())}))
