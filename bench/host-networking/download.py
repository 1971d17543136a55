# Runs inside a container: downloads URL N times, each on a new connection, and prints one JSON
# line per download: time to first byte (request until the response headers), MiB/s (body bytes
# over the whole request time) and the body's sha256 (computed after the clock stopped).
#   python download.py URL N
import hashlib
import json
import sys
import time
import urllib.request

url, n = sys.argv[1], int(sys.argv[2])
MIB = 1024 * 1024

for i in range(1, n + 1):
    body = bytearray()
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        first_byte = time.perf_counter()
        while True:
            chunk = response.read(MIB)
            if not chunk:
                break
            body += chunk
    ended = time.perf_counter()
    print(json.dumps({
        "round": i,
        "ttfbMs": (first_byte - started) * 1000,
        "mibPerSecond": len(body) / MIB / (ended - started),
        "bytes": len(body),
        "sha256": hashlib.sha256(body).hexdigest(),
    }), flush=True)
