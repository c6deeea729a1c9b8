#!/usr/bin/python3
"""Evaluates SPF records with pyspf (Debian's python3-spf) over zone data given as JSON.

Used by tests/spf_differential_test.cpp. Input (argv[1]): a JSON list of cases, each

    {"zones": ["example.com."],            # origins of the loaded zones
     "records": {"name.": {"TXT": ["joined text as hex", ...], "A": [...], "AAAA": [...],
                           "MX": [[pref, "exchange."]], "CNAME": ["target."]}},
     "domains": ["example.com.", ...],     # names whose SPF record to evaluate
     "senders": ["203.0.113.200", ...]}

Output (stdout): a JSON list, one entry per case: {domain: [result per sender]}; a permerror
comes with pyspf's reason ("permerror: SPF Permanent Error: Void lookup limit of 2 exceeded").

Names inside the loaded zones are answered from the records (CNAMEs followed, wildcards
synthesised, NXDOMAIN and NODATA as empty answers). Names outside every loaded zone stand for
the rest of the Internet, which zonelint cannot see offline: they answer as a benign, existing
domain (an SPF record `v=spf1 ?all` that makes no lookups, an address no sender uses, one MX),
so that each costs pyspf exactly the one lookup zonelint counts for it.
"""
import json
import sys

import spf

OUTSIDE_TXT = [b"v=spf1 ?all"]
OUTSIDE_A = "100.64.0.1"
OUTSIDE_AAAA = "2001:db8:aaaa::1"


def norm(name):
    name = name.lower()
    return name if name.endswith(".") else name + "."


class Zones:
    def __init__(self, case):
        self.origins = [norm(z) for z in case["zones"]]
        self.records = {norm(k): v for k, v in case["records"].items()}
        # Every ancestor of an owner (up to its zone) exists as an empty non-terminal.
        self.exists = set(self.records)
        for owner in list(self.records):
            zone = self.zone_of(owner)
            n = owner
            while zone and n != zone and "." in n[:-1]:
                n = n.split(".", 1)[1]
                self.exists.add(n)

    def zone_of(self, name):
        best = None
        for o in self.origins:
            if name == o or name.endswith("." + o) or o == ".":
                if best is None or len(o) > len(best):
                    best = o
        return best

    def rrs(self, name):
        """The records answering for `name`: its own, a wildcard's, or None (NXDOMAIN)."""
        if name in self.exists:
            return self.records.get(name, {})
        zone = self.zone_of(name)
        n = name
        while n != zone and "." in n[:-1]:
            n = n.split(".", 1)[1]
            if ("*." + n) in self.records:
                return self.records["*." + n]
            if n in self.exists:
                break
        return None

    def lookup(self, name, qtype):
        name = norm(name)
        asked = name  # answers are keyed by the name asked, as dnspython gives them
        for _ in range(10):
            if self.zone_of(name) is None:
                return outside(asked, qtype)
            rrs = self.rrs(name)
            if rrs is None:
                return []
            if qtype in rrs and rrs[qtype]:
                return convert(asked, qtype, rrs[qtype])
            if "CNAME" in rrs and rrs["CNAME"]:
                name = norm(rrs["CNAME"][0])
                continue
            return []
        return []


def convert(name, qtype, values):
    key = (name.rstrip("."), qtype)
    if qtype in ("TXT", "SPF"):
        return [(key, [bytes.fromhex(v)]) for v in values]
    if qtype == "MX":
        return [(key, (int(p), x.rstrip("."))) for p, x in values]
    return [(key, v) for v in values]


def outside(name, qtype):
    key = (name.rstrip("."), qtype)
    if qtype == "TXT":
        return [(key, OUTSIDE_TXT)]
    if qtype == "A":
        return [(key, OUTSIDE_A)]
    if qtype == "AAAA":
        return [(key, OUTSIDE_AAAA)]
    if qtype == "MX":
        return [(key, (10, "mx." + name.rstrip(".")))]
    return []


def main():
    cases = json.load(open(sys.argv[1]))
    out = []
    for case in cases:
        zones = Zones(case)
        spf.DNSLookup = lambda name, qtype, strict=True, timeout=20: zones.lookup(name, qtype)
        results = {}
        for d in case["domains"]:
            res = []
            for s in case["senders"]:
                q = spf.query(i=s, s="postmaster@" + d.rstrip("."), h=d.rstrip("."))
                try:
                    answer = q.check()
                    r = answer[0] if answer[0] != "permerror" else "permerror: " + answer[2]
                except Exception as x:  # an assertion of pyspf (recursion), or a bug
                    r = "exception:" + type(x).__name__
                res.append(r)
            results[d] = res
        out.append(results)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
