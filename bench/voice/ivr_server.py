#!/usr/bin/env python3
"""bench/voice/ivr_server.py PORT GATHER_TIMEOUT - the benchmark's webhook: a two-verb IVR.

Every POST /voice gets <Say> (one fixed phrase: cached by the switch after the first call) and a
<Gather> that nobody answers, so each call holds for the phrase plus GATHER_TIMEOUT seconds and then
ends (the document runs out and the switch hangs up). Threaded, so a slow request never holds others.
"""
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TWIML = ('<Response><Say>Welcome to the benchmark.</Say>'
         '<Gather numDigits="1" timeout="%d"/></Response>' % int(sys.argv[2])).encode()


class Ivr(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get('Content-Length', 0)))
        self.send_response(200)
        self.send_header('Content-Type', 'text/xml')
        self.send_header('Content-Length', str(len(TWIML)))
        self.end_headers()
        self.wfile.write(TWIML)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), Ivr).serve_forever()
