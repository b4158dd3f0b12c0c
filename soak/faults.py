"""The fault mix the soak runs with: every kind the sandbox can inject, at rates that leave the
app usable (most calls recover by retrying) yet make every kind happen within a minute."""

from __future__ import annotations

# Order matters: the sandbox applies every latency rule, then the first other rule that fires.
RULES = (
    "api:latency=20-250ms@0.5",
    "api:latency=800ms-4s@0.04",           # latency up to several seconds
    "api:status=503@0.03",                 # 5xx bursts
    "api:status=500@0.03",
    "api:status=502@0.03",
    "api:status=524@0.03",
    "api:ratelimit=1@0.03",               # 429 with Retry-After: 1
    "api:truncate@0.03",
    "api:badjson@0.03",
    "api:html=502@0.03",
    "api:html=200@0.03",
    "api:drop@0.03",
    "api:drip=512/40ms@0.03",              # slow drip
    "stream:latency=10-300ms@0.3",
    "stream/*.ts:segment404@0.08",         # segment 404s mid-playback
    "stream/*.ts:drip=8192/25ms@0.03",
    "stream/*.m3u8:unauthorized@0.06",     # stream-host 401
    "stream/*.m3u8:notfound@0.06",         # stream-host 404
    "stream:drop@0.02",
    "image:latency=50-600ms@0.3",
    "image:status=503@0.05",
)
SPEC = "; ".join(RULES)

# Sandbox counter names (GET /_sandbox/counters → "faults") that must each be above 0.
EXPECTED_KINDS = (
    "latency", "status:503", "status:500", "status:502", "status:524", "ratelimit", "truncate",
    "badjson", "html:502", "html:200", "drop", "drip", "segment404", "unauthorized", "notfound",
)
