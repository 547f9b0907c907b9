"""Distinct header values of a requests.jsonl file, with counts (see README.md)."""
import json
import sys

counts = {}
with open(sys.argv[1]) as f:
    for line in f:
        for name, value in json.loads(line)["headers"].items():
            counts[(name, value)] = counts.get((name, value), 0) + 1
for (name, value), n in sorted(counts.items(), key=lambda x: (x[0][0], -x[1], x[0][1])):
    print(json.dumps({"header": name, "value": value, "count": n}))
