#!/usr/bin/env python3
"""Load-test driver: SIPp UAC -> target -> SIPp UAS, target = the softswitch (B2BUA) or Kamailio
(transaction-stateful proxy, the reference), measured in the same run.

Phases (select with --phases, default all):
  signalling  staircase rate search without RTP, 30 s confirmation, PDD at half capacity
  media       the same with RTP on every call (UAC plays G.711, UAS echoes); Kamailio + rtpengine
  concurrency hold N long calls (signalling-only and with media); heap and RSS per call
  overload    ~2x capacity for 30 s; 503 + Retry-After, heap bounded, capacity back after the burst
  cpu         (not in the default set; `bench/run --cpu`) CPU ms per call at one fixed rate
              (--cpu-rate) for four targets in interleaved rounds (--cpu-rounds): Kamailio,
              softswitch media.mode bypass, Kamailio + rtpengine (ports allocated, no RTP),
              softswitch relay; each a fresh process, --warmup-seconds unscored, then
              --cpu-seconds measured (the issue's method), then --cpu-steady-seconds more and
              --cpu-seconds again (steady state); medians per target and the issue-15 ratios
              for both windows, with the JVM compiler threads' CPU per call

Writes into --out: results.csv (one row per step), summary.json, chart.png (if matplotlib) and the
raw SIPp files of every step under raw/. Starts every process itself (free loopback ports, pinned
with taskset when --pin) and stops every one of them on exit, also on SIGINT/SIGTERM.
--smoke: a tiny run (switch only, two 2 s steps at 5 and 10 calls/s) for the test suite.
"""
import argparse
import csv
import glob
import json
import math
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
CLK = os.sysconf("SC_CLK_TCK")
PCAP = "/usr/share/sip-tester/g711a.pcap"


def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------------- processes

class Procs:
    """Every process the driver started, so that all of them are stopped on exit."""

    def __init__(self):
        self.procs = []

    def start(self, name, cmd, cpus=None, logfile=None, cwd=None, env=None):
        if cpus:
            cmd = ["taskset", "-c", cpus] + cmd
        out = open(logfile, "ab") if logfile else subprocess.DEVNULL
        p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=cwd, env=env,
                             start_new_session=True)
        p.bench_name = name
        self.procs.append(p)
        return p

    def stop(self, p, timeout=10):
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                p.wait(timeout)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                p.wait()
        if p in self.procs:
            self.procs.remove(p)

    def stop_all(self):
        for p in list(reversed(self.procs)):
            self.stop(p)


PROCS = Procs()


def free_port(count=1):
    """A port free for UDP and TCP on 127.0.0.1 (and the next count-1 ones), outside 5060/5090/8080."""
    for _ in range(200):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port + count > 65535 or any(p in (5060, 5090, 8080) for p in range(port, port + count)):
            continue
        ok = True
        for p in range(port, port + count):
            for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
                with socket.socket(socket.AF_INET, kind) as s:
                    try:
                        s.bind(("127.0.0.1", p))
                    except OSError:
                        ok = False
        if ok:
            return port
    raise RuntimeError("no free port")


def proc_cpu_seconds(pids):
    """utime+stime of the given pids and all their threads/children still alive, in seconds."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (FileNotFoundError, ProcessLookupError, IndexError):
            pass
    return total / CLK


def jit_cpu_seconds(pids):
    """utime+stime of the HotSpot compiler threads (C1/C2) of the given pids, in seconds (0 for non-JVMs)."""
    total = 0
    for pid in pids:
        for stat in glob.glob(f"/proc/{pid}/task/*/stat"):
            try:
                with open(stat) as f:
                    head, rest = f.read().rsplit(")", 1)
                if "CompilerThre" in head:
                    fields = rest.split()
                    total += int(fields[11]) + int(fields[12])
            except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
                pass
    return total / CLK


def process_tree(pid):
    pids = [pid]
    try:
        out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
        for c in out.split():
            pids += process_tree(int(c))
    except OSError:
        pass
    return pids


def rss_bytes(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except FileNotFoundError:
            pass
    return total


# ------------------------------------------------------------------------------------- targets

class Target:
    name = "?"

    def pids(self):
        return process_tree(self.proc.pid)


class Switch(Target):
    """The softswitch daemon from the packaged jar, with bench/signalling/softswitch-bench.yaml."""
    name = "softswitch"

    def __init__(self, args, work, uas_port, tag, media_mode="relay"):
        self.args = args
        self.sip_port = free_port()
        self.http_port = free_port()
        d = os.path.join(work, "switch-" + tag)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(HERE, "softswitch-bench.yaml")) as f:
            cfg = f.read()
        subst = {"SIP_PORT": self.sip_port, "HTTP_PORT": self.http_port, "UAS_PORT": uas_port,
                 "SIP_THREADS": args.sip_threads, "MEDIA_MIN": args.media_min, "MEDIA_MAX": args.media_max,
                 "MAX_CALLS": args.max_calls, "MAX_BACKLOG": args.max_backlog, "MEDIA_MODE": media_mode}
        for k, v in subst.items():
            cfg = cfg.replace("@" + k + "@", str(v))
        self.config = os.path.join(d, "softswitch.yaml")
        with open(self.config, "w") as f:
            f.write(cfg)
        self.log = os.path.join(d, "softswitch.log")
        # no built-in warm-up (warmup.calls 0): each target is warmed by the bench's own load (--warmup-seconds)
        cmd = ["java"] + args.java_opts.split() + ["-Dsoftswitch.warmup.calls=0", "-jar", args.jar, "run", "--config", self.config,
                                                  "--data-dir", os.path.join(d, "data")]
        self.proc = PROCS.start("softswitch", cmd, cpus=args.target_cpus, logfile=self.log)
        deadline = time.time() + 90
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("softswitch exited " + str(self.proc.returncode) + ", see " + self.log)
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.http_port}/ready", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError("softswitch not ready within 90 s, see " + self.log)

    def metrics(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.http_port}/metrics", timeout=10) as r:
            return r.read().decode()

    def metric(self, name, labels=None):
        """Sum of the samples of one metric (optionally only those whose labels contain labels)."""
        total = None
        for line in self.metrics().splitlines():
            if line.startswith(name + "{") or line.startswith(name + " "):
                if labels and not all(l in line for l in labels):
                    continue
                total = (total or 0) + float(line.rsplit(" ", 1)[1])
        return total

    def setup_buckets(self):
        """call_setup_time histogram buckets: {le_seconds: count}."""
        b = {}
        for line in self.metrics().splitlines():
            m = re.match(r'call_setup_time_seconds_bucket\{.*le="([^"]+)".*\} (\S+)', line)
            if m:
                le = math.inf if m.group(1) == "+Inf" else float(m.group(1))
                b[le] = b.get(le, 0) + float(m.group(2))
        return b

    def heap_after_gc(self):
        """Heap used after a full GC, from jcmd GC.heap_info (bytes)."""
        pid = self.java_pid()
        subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True, timeout=60)
        out = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True,
                             timeout=60).stdout
        # Sum of the heap generations (ParallelGC prints young and old apart; G1 one line).
        used = re.findall(r"^\s*(?:PSYoungGen|ParOldGen|garbage-first heap|def new generation|tenured generation)"
                          r"\s+total \d+K, used (\d+)K", out, re.M)
        return sum(int(u) for u in used) * 1024 if used else None

    def java_pid(self):
        for pid in self.pids():
            try:
                with open(f"/proc/{pid}/comm") as f:
                    if f.read().strip() == "java":
                        return pid
            except FileNotFoundError:
                pass
        return self.proc.pid

    def stop(self):
        PROCS.stop(self.proc, timeout=20)


class Kamailio(Target):
    name = "kamailio"

    def __init__(self, args, work, uas_port, tag, ng_port=None):
        self.sip_port = free_port()
        d = os.path.join(work, "kamailio-" + tag)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(HERE, "kamailio.cfg")) as f:
            cfg = f.read()
        for k, v in {"SIP_PORT": self.sip_port, "UAS_PORT": uas_port, "CHILDREN": args.kamailio_children,
                     "NG_PORT": ng_port or 0}.items():
            cfg = cfg.replace("@" + k + "@", str(v))
        self.config = os.path.join(d, "kamailio.cfg")
        with open(self.config, "w") as f:
            f.write(cfg)
        self.log = os.path.join(d, "kamailio.log")
        cmd = ["kamailio", "-DD", "-E", "-f", self.config, "-m", "256", "-M", "16",
               "-P", os.path.join(d, "kamailio.pid"), "-Y", d]
        if ng_port:
            cmd += ["-A", "WITH_RTPENGINE"]
        self.proc = PROCS.start("kamailio", cmd, cpus=args.target_cpus, logfile=self.log)
        wait_udp_answers(self.sip_port, self.proc, self.log)

    def stop(self):
        PROCS.stop(self.proc)


class Rtpengine:
    def __init__(self, args, work):
        self.ng_port = free_port()
        self.log = os.path.join(work, "rtpengine.log")
        cmd = ["rtpengine", "--table=-1", "--interface=127.0.0.1", f"--listen-ng=127.0.0.1:{self.ng_port}",
               "--foreground", "--log-stderr", "--log-level=3", f"--num-threads={args.relay_threads}",
               f"--port-min={args.media_min}", f"--port-max={args.media_max}", "--timeout=120",
               "--pidfile=" + os.path.join(work, "rtpengine.pid")]
        self.proc = PROCS.start("rtpengine", cmd, cpus=args.target_cpus, logfile=self.log)
        time.sleep(1.0)
        if self.proc.poll() is not None:
            raise RuntimeError("rtpengine exited, see " + self.log)

    def pids(self):
        return process_tree(self.proc.pid)

    def stop(self):
        PROCS.stop(self.proc)


def wait_udp_answers(port, proc, logfile, timeout=20):
    """Waits until an OPTIONS to 127.0.0.1:port gets any SIP answer."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited {proc.returncode}, see {logfile}")
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.bind(("127.0.0.1", 0))
            s.settimeout(0.5)
            lp = s.getsockname()[1]
            msg = (f"OPTIONS sip:ping@127.0.0.1:{port} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{lp};branch=z9hG4bKp{lp}\r\n"
                   f"Max-Forwards: 70\r\nFrom: <sip:b@127.0.0.1>;tag=1\r\nTo: <sip:ping@127.0.0.1>\r\n"
                   f"Call-ID: ping{lp}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n")
            s.sendto(msg.encode(), ("127.0.0.1", port))
            try:
                if s.recv(4096).startswith(b"SIP/2.0"):
                    return
            except socket.timeout:
                pass
    raise RuntimeError(f"no SIP answer on {port}, see {logfile}")


class Uas:
    """The SIPp UAS every target sends its calls to (the carrier gateway)."""

    def __init__(self, args, work, tag, echo=False):
        self.port = free_port()
        self.media_port = free_port(2)
        self.dir = os.path.join(work, "uas-" + tag)
        os.makedirs(self.dir, exist_ok=True)
        cmd = ["sipp", "-sf", os.path.join(HERE, "uas.xml"), "-p", str(self.port), "-i", "127.0.0.1",
               "-mp", str(self.media_port), "-nostdin", "-trace_err", "-max_recv_loops", "5000",
               "-max_sched_loops", "5000"]
        if echo:
            cmd.append("-rtp_echo")
        self.proc = PROCS.start("sipp-uas", cmd, cpus=args.sipp_cpus, logfile=os.path.join(self.dir, "out.txt"),
                                cwd=self.dir)
        time.sleep(0.5)
        if self.proc.poll() is not None:
            raise RuntimeError("SIPp UAS exited, see " + self.dir)

    def pids(self):
        return [self.proc.pid]

    def stop(self):
        PROCS.stop(self.proc)


# ------------------------------------------------------------------------------------- one step

def uac_scenario(work, media):
    path = os.path.join(work, "uac-media.xml" if media else "uac.xml")
    if not os.path.exists(path):
        with open(os.path.join(HERE, "uac.xml")) as f:
            xml = f.read()
        if media:
            xml = xml.replace("<!-- MEDIA -->",
                              f'<nop><action><exec play_pcap_audio="{PCAP}"/></action></nop>')
        with open(path, "w") as f:
            f.write(xml)
    return path


def percentile(values, p):
    if not values:
        return None
    v = sorted(values)
    k = (len(v) - 1) * p / 100.0
    lo, hi = math.floor(k), math.ceil(k)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def hist_percentile(before, after, p):
    """p-th percentile (ms) from the difference of two cumulative Prometheus bucket maps."""
    les = sorted(after)
    delta = [(le, after[le] - before.get(le, 0)) for le in les]
    total = delta[-1][1] if delta else 0
    if total <= 0:
        return None
    want = total * p / 100.0
    prev_le, prev_c = 0.0, 0.0
    for le, c in delta:
        if c >= want:
            if le == math.inf:
                return prev_le * 1000
            frac = (want - prev_c) / (c - prev_c) if c > prev_c else 1
            return (prev_le + (le - prev_le) * frac) * 1000
        prev_le, prev_c = le, c
    return None


def run_uac(args, work, target, uas, phase, rate, seconds, hold_ms=0, media=False, calls=None,
            sampler=None, step_tag=None, limit=None):
    """One SIPp UAC run at rate calls/s for seconds (or calls). Returns a result row (dict)."""
    calls = calls or max(1, int(round(rate * seconds)))
    tag = step_tag or f"{phase}-{target.name}-{rate}-{int(time.time() * 1000) % 10 ** 8}"
    d = os.path.join(work, "raw", tag)
    os.makedirs(d, exist_ok=True)
    port = free_port()
    mport = free_port(4)
    cmd = ["sipp", "-sf", uac_scenario(work, media), "-s", "+14155550100", "-r", str(rate), "-m", str(calls),
           "-d", str(hold_ms), "-p", str(port), "-i", "127.0.0.1", "-mp", str(mport), "-nostdin",
           "-trace_stat", "-stf", "stat.csv", "-fd", "1", "-trace_rtt", "-rtt_freq", "1", "-trace_counts",
           "-trace_err", "-trace_screen", "-l", str(limit or max(1000, int(rate * (hold_ms / 1000 + 35)))),
           "-timeout", f"{int(seconds + hold_ms / 1000 + 60)}s", "-timeout_error",
           "-max_recv_loops", "5000", "-max_sched_loops", "5000", f"127.0.0.1:{target.sip_port}"]
    if args.sipp_cpus:
        cmd = ["taskset", "-c", args.sipp_cpus] + cmd
    tpids = target.pids()
    extra = []
    if isinstance(target, Kamailio) and getattr(target, "rtpengine", None):
        extra = target.rtpengine.pids()
    cpu0 = proc_cpu_seconds(tpids)
    jit0 = jit_cpu_seconds(tpids)
    cpu_extra0 = proc_cpu_seconds(extra)
    uas_cpu0 = proc_cpu_seconds(uas.pids())
    buckets0 = target.setup_buckets() if isinstance(target, Switch) else None
    pkts0 = (target.metric("media_packets_total") or 0) if isinstance(target, Switch) else None
    t0 = time.time()
    p = subprocess.Popen(cmd, cwd=d, stdout=subprocess.DEVNULL, stderr=open(os.path.join(d, "stderr.txt"), "wb"),
                         start_new_session=True)
    PROCS.procs.append(p)
    p.bench_name = "sipp-uac"
    samples = []
    if sampler:
        stop = threading.Event()
        th = threading.Thread(target=sampler, args=(stop, samples), daemon=True)
        th.start()
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    PROCS.procs.remove(p)
    elapsed = time.time() - t0
    if sampler:
        stop.set()
        th.join()
    cpu = proc_cpu_seconds(tpids) - cpu0
    jit = jit_cpu_seconds(tpids) - jit0
    cpu_extra = proc_cpu_seconds(extra) - cpu_extra0
    uas_cpu = proc_cpu_seconds(uas.pids()) - uas_cpu0
    row = {"phase": phase, "target": target.name, "offered_cps": rate, "calls": calls, "hold_ms": hold_ms,
           "media": int(media), "sipp_exit": p.returncode, "elapsed_s": round(elapsed, 2)}
    stat = read_last_row(os.path.join(d, "stat.csv"))
    counts = read_last_row(next(iter(glob.glob(os.path.join(d, "*_counts.csv"))), None))
    row["successful"] = int(stat.get("SuccessfulCall(C)", 0))
    row["failed"] = int(stat.get("FailedCall(C)", 0))
    row["rejected_503"] = sum(int(v) for k, v in counts.items() if re.match(r"\d+_503_Recv$", k))
    row["answered"] = row["successful"] - row["rejected_503"]
    row["retrans"] = int(stat.get("Retransmissions(C)", 0))
    row["timeouts"] = sum(int(v) for k, v in counts.items() if k.endswith("_Timeout") and v.isdigit())
    errs = "".join(open(f, errors="replace").read() for f in glob.glob(os.path.join(d, "*_errors.log")))
    row["watchdog"] = len(re.findall(r"watchdog", errs, re.I))
    rtts = []
    for f in glob.glob(os.path.join(d, "*_rtt.csv")):
        with open(f) as fh:
            for r in csv.reader(fh, delimiter=";"):
                if len(r) >= 3 and r[2] == "1":
                    try:
                        rtts.append(float(r[1]))
                    except ValueError:
                        pass
    row["sipp_setup_p50_ms"] = percentile(rtts, 50)
    row["sipp_setup_p99_ms"] = percentile(rtts, 99)
    if buckets0 is not None:
        b1 = target.setup_buckets()
        row["switch_pdd_p50_ms"] = round_or_none(hist_percentile(buckets0, b1, 50), 3)
        row["switch_pdd_p99_ms"] = round_or_none(hist_percentile(buckets0, b1, 99), 3)
        row["relay_packets"] = int((target.metric("media_packets_total") or 0) - pkts0)
    row["achieved_cps"] = round(row["answered"] / max(0.001, elapsed - hold_ms / 1000), 1)
    row["target_cpu_pct"] = round(100 * cpu / elapsed, 1)
    row["target_jit_cpu_pct"] = round(100 * jit / elapsed, 1)
    row["rtpengine_cpu_pct"] = round(100 * cpu_extra / elapsed, 1) if extra else None
    row["uac_cpu_pct"] = round(100 * (ru.ru_utime + ru.ru_stime) / elapsed, 1)
    row["uas_cpu_pct"] = round(100 * uas_cpu / elapsed, 1)
    row["load1"] = float(open("/proc/loadavg").read().split()[0])
    slow = elapsed > seconds * 1.15 + hold_ms / 1000 + 3 if not sampler else False
    row["ok"] = int(p.returncode == 0 and row["failed"] == 0 and row["rejected_503"] == 0 and row["watchdog"] == 0
                    and row["successful"] == calls and not slow)
    if samples:
        row["samples"] = samples
    row["raw"] = os.path.relpath(d, args.out)
    log(f"{phase} {target.name} {rate}/s x{calls}: ok={row['ok']} succ={row['successful']} fail={row['failed']} "
        f"503={row['rejected_503']} wd={row['watchdog']} {elapsed:.1f}s cpu={row['target_cpu_pct']}% "
        f"setup p50/p99={row['sipp_setup_p50_ms']}/{row['sipp_setup_p99_ms']} ms load={row['load1']}")
    return row


def round_or_none(v, n):
    return None if v is None else round(v, n)


def read_last_row(path):
    if not path or not os.path.exists(path):
        return {}
    with open(path, newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    if len(rows) < 2:
        return {}
    return dict(zip(rows[0], rows[-1]))


def read_periodic(path):
    if not os.path.exists(path):
        return []
    with open(path, newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


# ------------------------------------------------------------------------------------- phases

def staircase(args, work, target, uas, phase, rates, media=False):
    """Steps up the rates, each run --repeats times; a step passes when any of its runs passed; stops
    at the first step with no passing run. Then a confirmation run at the highest passing rate
    (stepping down, at most three rates, until one passes)."""
    rows, passing = [], []
    hold = args.media_hold_ms if media else args.hold_ms
    for rate in rates:
        ok_runs = 0
        for _ in range(args.media_repeats if media else args.repeats):
            r = run_uac(args, work, target, uas, phase, rate, args.step_seconds, hold_ms=hold, media=media)
            r["kind"] = "step"
            rows.append(r)
            ok_runs += r["ok"]
        if ok_runs == 0:
            break
        passing.append(rate)
    capacity = None
    for rate in reversed(passing[-3:]):
        r = run_uac(args, work, target, uas, phase, rate, args.confirm_seconds, hold_ms=hold, media=media)
        r["kind"] = "confirm"
        rows.append(r)
        if r["ok"]:
            capacity = rate
            break
    return rows, capacity


def half_capacity_pdd(args, work, target, uas, phase, capacity, media=False):
    rows = []
    rate = max(1, capacity // 2)
    for _ in range(args.repeats):
        r = run_uac(args, work, target, uas, phase, rate, args.step_seconds,
                    hold_ms=args.media_hold_ms if media else args.hold_ms, media=media)
        r["kind"] = "half"
        rows.append(r)
    return rows


def phase_cpu(args, work, summary, rows):
    """CPU per call at one rate, interleaved: round k runs the four targets one after the other, so
    that the machine's drift hits all of them alike; the medians over rounds are compared.

    Each target is measured twice in one run of load: the issue-15 method (--warmup-seconds unscored, then
    --cpu-seconds measured), then, after --cpu-steady-seconds more of the same load, another --cpu-seconds
    ("steady": the JVM has finished compiling; a C program has nothing to finish). Each window also reports the
    CPU of the JVM's compiler threads (C1/C2), so the first window's JIT share is visible."""
    variants = ["kamailio", "softswitch-bypass", "kamailio-rtpengine", "softswitch-relay"]
    windows = ["issue"] + (["steady"] if args.cpu_steady_seconds > 0 else [])
    per = {w: {v: [] for v in variants} for w in windows}
    jit = {w: {v: [] for v in variants} for w in windows}
    rate = args.cpu_rate
    for rnd in range(args.cpu_rounds):
        for v in variants:
            uas = Uas(args, work, f"cpu-{v}-{rnd}")
            rtp = t = None
            try:
                if v.startswith("softswitch"):
                    t = Switch(args, work, uas.port, f"cpu-{v}-{rnd}", media_mode=v.split("-")[1])
                else:
                    if v == "kamailio-rtpengine":
                        rtp = Rtpengine(args, work)
                    t = Kamailio(args, work, uas.port, f"cpu-{v}-{rnd}", ng_port=rtp.ng_port if rtp else None)
                    t.rtpengine = rtp
                t.name = v
                for w in windows:
                    warm_s = args.warmup_seconds if w == "issue" else args.cpu_steady_seconds
                    warm = run_uac(args, work, t, uas, "cpu", rate, warm_s)
                    warm["kind"] = "warmup"
                    rows.append(warm)
                    r = run_uac(args, work, t, uas, "cpu", rate, args.cpu_seconds)
                    r["kind"] = "cpu" if w == "issue" else "cpu-steady"
                    cpu_s = (r["target_cpu_pct"] + (r.get("rtpengine_cpu_pct") or 0)) * r["elapsed_s"] / 100
                    r["cpu_ms_per_call"] = round(1000 * cpu_s / max(1, r["answered"]), 4)
                    r["jit_ms_per_call"] = round(10 * r["target_jit_cpu_pct"] * r["elapsed_s"] / max(1, r["answered"]), 4)
                    r["round"] = rnd
                    rows.append(r)
                    if r["failed"] == 0 and r["rejected_503"] == 0:
                        per[w][v].append(r["cpu_ms_per_call"])
                        jit[w][v].append(r["jit_ms_per_call"])
                    log(f"cpu round {rnd} {v} ({w}): {r['cpu_ms_per_call']} ms/call, JIT {r['jit_ms_per_call']} "
                        f"(answered {r['answered']}, failed {r['failed']}, 503 {r['rejected_503']}, load {r['load1']})")
            finally:
                for x in (t, rtp, uas):
                    if x is not None:
                        x.stop()

    def window_summary(w):
        med = {v: (statistics.median(x) if x else None) for v, x in per[w].items()}
        ratio = lambda ref, ours: round(med[ref] / med[ours], 3) if med[ref] and med[ours] else None
        out = {"ms_per_call": per[w], "median_ms_per_call": med,
               "jit_ms_per_call": jit[w], "median_jit_ms_per_call":
                   {v: (statistics.median(x) if x else None) for v, x in jit[w].items()},
               "bypass_vs_kamailio": ratio("kamailio", "softswitch-bypass"),
               "relay_vs_kamailio_rtpengine": ratio("kamailio-rtpengine", "softswitch-relay")}
        for v in variants:
            log(f"cpu ({w}) median {v}: {med[v]} ms/call over {len(per[w][v])} clean round(s) {per[w][v]}, "
                f"JIT median {out['median_jit_ms_per_call'][v]}")
        log(f"cpu ratio ({w}; calls per CPU-second vs reference; goal >= 1.0): bypass/Kamailio "
            f"{out['bypass_vs_kamailio']}, relay/(Kamailio+rtpengine) {out['relay_vs_kamailio_rtpengine']}")
        return out

    summary["cpu"] = {"rate": rate, "rounds": args.cpu_rounds, "warmup_seconds": args.warmup_seconds,
                      "steady_extra_seconds": args.cpu_steady_seconds, "measured_seconds": args.cpu_seconds}
    summary["cpu"].update(window_summary("issue"))
    if "steady" in windows:
        summary["cpu"]["steady"] = window_summary("steady")


def median_of(rows, key):
    v = [r[key] for r in rows if r.get(key) is not None]
    return statistics.median(v) if v else None


def phase_signalling(args, work, summary, rows, media=False):
    name = "media" if media else "signalling"
    rates = args.media_rates if media else args.rates
    results = {}
    for which in args.targets:
        uas = Uas(args, work, f"{name}-{which}", echo=media)
        rtp = None
        try:
            if which == "softswitch":
                t = Switch(args, work, uas.port, name)
            else:
                if media:
                    rtp = Rtpengine(args, work)
                t = Kamailio(args, work, uas.port, name, ng_port=rtp.ng_port if rtp else None)
                t.rtpengine = rtp
            # A JVM target needs ~30 s of traffic before its JIT has compiled the call path (before
            # that it sheds with 503): both targets get the same warm-up, which is not scored.
            warm_rate = min(rates) if media or not args.warmup_rate else args.warmup_rate
            warm = run_uac(args, work, t, uas, name, warm_rate, args.warmup_seconds, media=media)
            warm["kind"] = "warmup"
            rows.append(warm)
            steps, cap = staircase(args, work, t, uas, name, rates, media=media)
            rows.extend(steps)
            res = {"capacity_cps": cap}
            if cap:
                half = half_capacity_pdd(args, work, t, uas, name, cap, media=media)
                rows.extend(half)
                for k in ("sipp_setup_p50_ms", "sipp_setup_p99_ms", "switch_pdd_p50_ms", "switch_pdd_p99_ms",
                          "target_cpu_pct", "rtpengine_cpu_pct", "uac_cpu_pct", "uas_cpu_pct"):
                    res["half_" + k] = median_of(half, k)
                conf = [r for r in steps if r["kind"] == "confirm" and r["ok"]]
                for k in ("target_cpu_pct", "rtpengine_cpu_pct", "uac_cpu_pct", "uas_cpu_pct"):
                    res["at_capacity_" + k] = conf[-1].get(k) if conf else None
            if isinstance(t, Switch):
                res["heap_after_gc_bytes"] = t.heap_after_gc()
            results[which] = res
            t.stop()
        finally:
            if rtp:
                rtp.stop()
            uas.stop()
    sw, ka = results.get("softswitch", {}), results.get("kamailio", {})
    if sw.get("capacity_cps") and ka.get("capacity_cps"):
        results["ratio_softswitch_vs_kamailio"] = round(sw["capacity_cps"] / ka["capacity_cps"], 3)
    summary[name] = results


def phase_concurrency(args, work, summary, rows):
    out = {}
    # (key, RTP on the calls, media.mode, calls)
    variants = (("signalling", False, "relay", args.hold_calls), ("media", True, "relay", args.hold_media_calls),
                ("signalling-bypass", False, "bypass", args.hold_bypass_calls))
    for key, media, mode, n in variants:
        if n <= 0:
            continue
        tag = "hold-" + key
        uas = Uas(args, work, tag, echo=media)
        t = Switch(args, work, uas.port, tag, media_mode=mode)
        try:
            run_uac(args, work, t, uas, "warmup", 20, 2)
            heap0 = t.heap_after_gc()
            rss0 = rss_bytes(t.pids())
            rate = args.hold_rate_media if media else args.hold_rate
            ramp = n / rate
            hold_ms = int((ramp + args.hold_measure_s) * 1000)
            box = {}

            def sampler(stop, samples, t=t, n=n, ramp=ramp):
                # waits until every call is up (or, when some were shed with 503 during the ramp, until
                # the number of live calls has stopped changing after the ramp), then measures heap
                # (after GC) and RSS once; per call = growth / calls live at that moment
                t0, last = time.time(), None
                while not stop.is_set():
                    active = t.metric("calls_active") or 0
                    samples.append({"t": round(time.time(), 1), "active": active})
                    settled = time.time() - t0 > ramp + 4 and active > 0 and active == last
                    last = active
                    if (active >= n or settled) and "heap" not in box:
                        box["active"] = active
                        box["heap"] = t.heap_after_gc()
                        box["rss"] = rss_bytes(t.pids())
                        box["relay_packets"] = t.metric("media_packets_total")
                    stop.wait(2)

            r = run_uac(args, work, t, uas, "concurrency-" + key, rate, ramp, hold_ms=hold_ms,
                        media=media, calls=n, sampler=sampler, limit=n + 10)
            r["kind"] = "hold"
            r.pop("samples", None)
            rows.append(r)
            res = {"calls": n, "rate": rate, "media_mode": mode, "heap_base": heap0, "rss_base": rss0, "ok": r["ok"],
                   "successful": r["successful"], "failed": r["failed"]}
            if "heap" in box:
                res.update({"active_at_measure": box["active"], "heap_loaded": box["heap"], "rss_loaded": box["rss"],
                            "heap_per_call": round((box["heap"] - heap0) / box["active"]) if box["heap"] and heap0 else None,
                            "rss_per_call": round((box["rss"] - rss0) / box["active"])})
            else:
                res["note"] = "never saw all calls active at once"
            out[key] = res
        finally:
            t.stop()
            uas.stop()
    summary["concurrency"] = out


def phase_overload(args, work, summary, rows):
    cap = (summary.get("signalling", {}).get("softswitch", {}) or {}).get("capacity_cps") or args.overload_base
    uas = Uas(args, work, "overload")
    t = Switch(args, work, uas.port, "overload")
    res = {"capacity_cps": cap, "offered_cps": cap * 2}
    try:
        run_uac(args, work, t, uas, "warmup", args.warmup_rate or min(args.rates), args.warmup_seconds)
        heap0 = t.heap_after_gc()

        def sampler(stop, samples, t=t):
            while not stop.is_set():
                try:
                    h = t.metric("jvm_memory_used_bytes", ['area="heap"'])
                    samples.append({"t": round(time.time(), 1), "heap": h, "active": t.metric("calls_active")})
                except OSError as e:
                    samples.append({"t": round(time.time(), 1), "error": str(e)})
                stop.wait(1)

        r = run_uac(args, work, t, uas, "overload", cap * 2, args.overload_seconds, hold_ms=args.hold_ms,
                    sampler=sampler)
        r["kind"] = "burst"
        samples = r.pop("samples", [])
        rows.append(r)
        heaps = [s["heap"] for s in samples if s.get("heap")]
        res.update({"burst": {k: r[k] for k in ("calls", "successful", "answered", "rejected_503", "failed",
                                                 "timeouts", "retrans", "watchdog", "elapsed_s")},
                    "heap_base_after_gc": heap0, "heap_max_during_burst": max(heaps) if heaps else None,
                    "heap_samples": len(heaps)})
        rec = run_uac(args, work, t, uas, "recovery", cap, args.recovery_seconds, hold_ms=args.hold_ms)
        rec["kind"] = "recovery"
        rows.append(rec)
        periodic = read_periodic(os.path.join(args.out, rec["raw"], "stat.csv"))
        # SIPp counts a call that ended with our 503 as successful; the 503s per second come from the
        # cumulative -trace_counts rows (one per second, like stat.csv)
        counts = read_periodic(next(iter(glob.glob(os.path.join(args.out, rec["raw"], "*_counts.csv"))), ""))
        r503 = [sum(int(v) for k, v in c.items() if re.match(r"\d+_503_Recv$", k) and v.isdigit()) for c in counts]
        r503 = [b - a for a, b in zip([0] + r503, r503)]  # per row, like stat.csv (its first row is time 0)
        per_sec = [{"s": i + 1, "ok": int(p.get("SuccessfulCall(P)", 0)) - (r503[i] if i < len(r503) else 0),
                    "failed": int(p.get("FailedCall(P)", 0)), "503": r503[i] if i < len(r503) else 0}
                   for i, p in enumerate(periodic)]
        res["recovery"] = {k: rec[k] for k in ("calls", "successful", "answered", "rejected_503", "failed",
                                               "timeouts", "achieved_cps", "ok")}
        res["recovery"]["per_second"] = per_sec
        clean = [s for s in per_sec if s["failed"] == 0]
        res["recovery"]["first_clean_second"] = next(
            (s["s"] for i, s in enumerate(per_sec) if all(x["failed"] == 0 for x in per_sec[i:])), None)
        res["recovery"]["first_second_without_503"] = next(
            (s["s"] for i, s in enumerate(per_sec) if all(x["failed"] == 0 and x["503"] == 0 for x in per_sec[i:])), None)
        res["alive_after"] = t.proc.poll() is None
        res["heap_after_gc_after"] = t.heap_after_gc()
    finally:
        t.stop()
        uas.stop()
    summary["overload"] = res


# ------------------------------------------------------------------------------------- output

COLUMNS = ["phase", "kind", "target", "offered_cps", "calls", "hold_ms", "media", "ok", "successful", "answered",
           "failed", "rejected_503", "timeouts", "retrans", "watchdog", "achieved_cps", "elapsed_s",
           "sipp_setup_p50_ms", "sipp_setup_p99_ms", "switch_pdd_p50_ms", "switch_pdd_p99_ms", "target_cpu_pct",
           "target_jit_cpu_pct", "rtpengine_cpu_pct", "uac_cpu_pct", "uas_cpu_pct", "relay_packets", "cpu_ms_per_call",
           "jit_ms_per_call", "round", "load1",
           "sipp_exit", "raw"]


def write_csv(path, rows, machine):
    with open(path, "w", newline="") as f:
        f.write("# " + machine + "\n")
        w = csv.DictWriter(f, fieldnames=COLUMNS, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow(r)


def chart(path, rows):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        log("matplotlib missing: no chart")
        return False
    phases = [p for p in ("signalling", "media") if any(r["phase"] == p for r in rows)]
    if not phases:
        return False
    fig, axes = plt.subplots(1, len(phases), figsize=(7 * len(phases), 5), squeeze=False)
    for ax, phase in zip(axes[0], phases):
        ax2 = ax.twinx()
        for target, color in (("softswitch", "tab:blue"), ("kamailio", "tab:orange")):
            pts = {}
            for r in rows:
                if r["phase"] == phase and r["target"] == target and r.get("kind") in ("step", "confirm", "half"):
                    pts.setdefault(r["offered_cps"], []).append(r)
            if not pts:
                continue
            xs = sorted(pts)
            med = lambda k: [statistics.median([x[k] or 0 for x in pts[o]]) for o in xs]
            ax.plot(xs, med("achieved_cps"), "o-", color=color, label=f"{target} successful calls/s")
            ax.plot(xs, [statistics.median([x["failed"] + x["rejected_503"] for x in pts[o]]) for o in xs], "x--",
                    color=color, label=f"{target} failed calls (per step)")
            ax2.plot(xs, med("sipp_setup_p99_ms"), "s:", color=color, alpha=0.6, label=f"{target} setup p99 ms")
        ax.plot([0, max(r["offered_cps"] for r in rows if r["phase"] == phase)],
                [0, max(r["offered_cps"] for r in rows if r["phase"] == phase)], color="grey", lw=0.5)
        ax.set_xlabel("offered calls/s")
        ax.set_ylabel("successful calls/s ; failed calls")
        ax2.set_ylabel("INVITE->200 p99 (ms, SIPp)")
        ax2.set_yscale("symlog")
        ax.set_title(f"{phase}: SIPp UAC -> target -> SIPp UAS")
        h1, l1 = ax.get_legend_handles_labels()
        h2, l2 = ax2.get_legend_handles_labels()
        ax.legend(h1 + h2, l1 + l2, fontsize=7, loc="upper left")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    return True


def machine_line():
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    load = " ".join(open("/proc/loadavg").read().split()[:3])
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    return f"nproc={os.cpu_count()} cpu='{model}' kernel={os.uname().release} load_at_start='{load}' java='{java}'"


def parse_rates(s):
    return [int(x) for x in s.split(",") if x]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--jar", default=os.path.join(ROOT, "core", "target", "softswitch.jar"))
    ap.add_argument("--phases", default="signalling,media,concurrency,overload")
    ap.add_argument("--targets", default="softswitch,kamailio")
    ap.add_argument("--rates", default="50,100,150,200,250,300,400,500,700,1000,1500,2000,2500,3000")
    ap.add_argument("--media-rates", default="20,40,80,120,160")
    ap.add_argument("--step-seconds", type=float, default=6)
    ap.add_argument("--confirm-seconds", type=float, default=30)
    ap.add_argument("--repeats", type=int, default=2, help="runs per staircase step and at half capacity")
    ap.add_argument("--media-repeats", type=int, default=1, help="runs per staircase step with media")
    ap.add_argument("--hold-ms", type=int, default=0, help="call hold time in the signalling steps")
    ap.add_argument("--media-hold-ms", type=int, default=8000,
                    help="hold time of media calls; the G.711 pcap the UAC plays lasts 7 s")
    ap.add_argument("--hold-calls", type=int, default=4000,
                    help="signalling-only calls held at once; the relay needs 4 sockets per call (ulimit -n)")
    ap.add_argument("--hold-media-calls", type=int, default=1000)
    ap.add_argument("--hold-bypass-calls", type=int, default=0,
                    help="signalling-only calls held with media.mode: bypass (no relay sockets, so not bound by "
                         "ulimit -n); the issue's 10,000")
    ap.add_argument("--hold-rate", type=int, default=100)
    ap.add_argument("--hold-rate-media", type=int, default=50)
    ap.add_argument("--hold-measure-s", type=int, default=15)
    ap.add_argument("--overload-seconds", type=float, default=30)
    ap.add_argument("--overload-base", type=int, default=200, help="capacity to use when signalling did not run")
    ap.add_argument("--recovery-seconds", type=float, default=10)
    ap.add_argument("--java-opts", default="-Xms256m -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20",
                    help="the daemon's JVM options (default: the `softswitch` launcher's)")
    ap.add_argument("--warmup-seconds", type=float, default=30,
                    help="unscored traffic before each target's staircase (JIT warm-up)")
    ap.add_argument("--warmup-rate", type=int, default=150, help="calls/s of the warm-up (0 = lowest rate)")
    ap.add_argument("--sip-threads", type=int, default=8)
    ap.add_argument("--max-calls", type=int, default=20000)
    ap.add_argument("--max-backlog", type=int, default=5000)
    ap.add_argument("--media-min", type=int, default=10000)
    ap.add_argument("--media-max", type=int, default=29999)
    ap.add_argument("--kamailio-children", type=int, default=4)
    ap.add_argument("--relay-threads", type=int, default=2)
    ap.add_argument("--cpu-rate", type=int, default=200, help="calls/s of the cpu phase")
    ap.add_argument("--cpu-seconds", type=float, default=30, help="measured seconds per target and round (cpu phase)")
    ap.add_argument("--cpu-rounds", type=int, default=3, help="interleaved rounds of the cpu phase (medians)")
    ap.add_argument("--cpu-steady-seconds", type=float, default=80,
                    help="cpu phase: more seconds of load after the first window, then a second (steady-state) "
                         "window; 0 = only the first")
    ap.add_argument("--pin", action="store_true", help="targets on CPU 1, SIPp on CPU 0 (taskset)")
    ap.add_argument("--smoke", action="store_true")
    args = ap.parse_args()
    if args.smoke:
        args.phases, args.targets, args.rates = "signalling", "softswitch", "5,10"
        args.step_seconds, args.confirm_seconds, args.repeats = 2, 2, 1
        args.java_opts = "-Xmx256m"
        args.warmup_seconds, args.warmup_rate = 2, 0
    args.phases = args.phases.split(",")
    args.targets = args.targets.split(",")
    args.rates = parse_rates(args.rates) if isinstance(args.rates, str) else args.rates
    args.media_rates = parse_rates(args.media_rates)
    args.target_cpus = "1" if args.pin and os.cpu_count() > 1 else None
    args.sipp_cpus = "0" if args.pin and os.cpu_count() > 1 else None
    args.out = os.path.abspath(args.out)
    os.makedirs(args.out, exist_ok=True)
    work = args.out

    def on_signal(signum, _frame):
        PROCS.stop_all()
        sys.exit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    machine = machine_line()
    log(machine)
    summary = {"machine": machine, "pinning": "targets (softswitch/kamailio/rtpengine) on CPU 1, SIPp UAC+UAS on CPU 0"
               if args.pin else "none", "args": {k: v for k, v in vars(args).items()}}
    rows = []
    t0 = time.time()
    try:
        if "signalling" in args.phases:
            phase_signalling(args, work, summary, rows)
        if "media" in args.phases:
            phase_signalling(args, work, summary, rows, media=True)
        if "concurrency" in args.phases:
            phase_concurrency(args, work, summary, rows)
        if "overload" in args.phases:
            phase_overload(args, work, summary, rows)
        if "cpu" in args.phases:
            phase_cpu(args, work, summary, rows)
    finally:
        PROCS.stop_all()
        summary["runtime_s"] = round(time.time() - t0)
        summary["load_at_end"] = " ".join(open("/proc/loadavg").read().split()[:3])
        write_csv(os.path.join(args.out, "results.csv"), rows, machine)
        summary["chart"] = chart(os.path.join(args.out, "chart.png"), rows)
        with open(os.path.join(args.out, "summary.json"), "w") as f:
            json.dump(summary, f, indent=2, default=str)
    log("done in %d s; %s" % (summary["runtime_s"], os.path.join(args.out, "summary.json")))


if __name__ == "__main__":
    main()
