# The service of the host-networking suite, inside a python container: serves /srv (GET /big:
# the 100 MiB file) like `python -m http.server`, and takes uploads: POST /sink reads the body
# and answers its sha256, so the upload direction (the user's machine to the pod, as a host
# service's bytes travel) can be timed through `up` and through `kubectl port-forward` alike.
import functools
import hashlib
import http.server
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    def do_POST(self):
        left = int(self.headers.get("content-length", "0"))
        digest = hashlib.sha256()
        while left > 0:
            chunk = self.rfile.read(min(left, 1 << 20))
            if not chunk:
                break
            digest.update(chunk)
            left -= len(chunk)
        answer = digest.hexdigest().encode()
        self.send_response(200)
        self.send_header("content-length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("", int(sys.argv[1])), functools.partial(Handler, directory="/srv")).serve_forever()
