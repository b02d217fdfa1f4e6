#!/usr/bin/env python3
"""A local HTTP mirror that serves the files of one folder through a link of a fixed speed.

Usage: throttled_mirror.py FOLDER MB_PER_S PORT_FILE

Every GET or HEAD of any path is answered with the file of FOLDER named by the path's last segment (the layout of a
Maven repository does not matter to a benchmark), HTTP/1.1 with keep-alive. All connections share one link of
MB_PER_S megabytes (10^6 bytes) a second, as a runner's network would: each 64 KiB piece waits for its turn on it.
The port it listens on (127.0.0.1, chosen by the kernel) is written to PORT_FILE once it listens.
"""
import http.server
import os
import sys
import threading
import time

PIECE = 64 * 1024


class Link:
    def __init__(self, bytes_per_second):
        self.rate = bytes_per_second
        self.free_at = time.monotonic()
        self.lock = threading.Lock()

    def send(self, out, data):
        with self.lock:
            start = max(time.monotonic(), self.free_at)
            self.free_at = start + len(data) / self.rate
        delay = start - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        out.write(data)


def handler(folder, link):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def answer(self, body):
            path = os.path.join(folder, os.path.basename(self.path.split("?")[0]))
            if not os.path.isfile(path):
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            size = os.path.getsize(path)
            self.send_response(200)
            self.send_header("Content-Length", str(size))
            self.send_header("Content-Type", "application/octet-stream")
            self.end_headers()
            if body:
                with open(path, "rb") as f:
                    while True:
                        data = f.read(PIECE)
                        if not data:
                            break
                        link.send(self.wfile, data)

        def do_GET(self):
            self.answer(True)

        def do_HEAD(self):
            self.answer(False)

    return Handler


def main():
    folder, mb_per_s, port_file = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler(folder, Link(mb_per_s * 1e6)))
    server.daemon_threads = True
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(port_file + ".tmp", port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
