#!/usr/bin/env python3
"""Record a scripted terminal session as an asciicast v2 file (https://docs.asciinema.org/manual/asciicast/v2/).

Used by docs/demo/record.sh; see docs/development.md ("The demo"). Standard library only.

Every command of the session file runs for real, in a pseudo-terminal of the recording's size (so programs see a
terminal, as they would for a person), with the environment of its "device": its own HOME and current folder. What
the command prints is recorded with its real timing, except that a pause longer than --idle seconds is shortened to
--idle (like asciinema's idle_time_limit). The prompt and the typing of each command are synthetic: shown at a
steady pace before the command starts.

Session file, one step a line:
    DEVICE$ COMMAND      run COMMAND with bash on DEVICE (a name: its HOME is ROOT/DEVICE)
    DEVICE$ cd DIR       change DEVICE's current folder (shown in its prompt; no command runs)
    > TEXT               type TEXT and Enter into the previous command once it waits for input
    # ...                a comment, not recorded
    (blank lines are ignored)
A command that exits non-zero stops the recording, unless its line ends with "  # exit N" for that N.
"""
import argparse
import codecs
import fcntl
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time

TYPE_DELAY = 0.035      # seconds per typed character
AFTER_TYPING = 0.35     # between the typed command and its start
AFTER_COMMAND = 1.0     # between a command's end and the next prompt
QUIET_FOR_INPUT = 0.8   # output seen, then quiet this long: the command waits for input
COMMAND_TIMEOUT = 120   # a command still running after this long (waiting for input nobody gives) fails


class Cast:
    def __init__(self, width, height, idle, title):
        self.header = {"version": 2, "width": width, "height": height, "title": title,
                       "env": {"TERM": "xterm-256color", "SHELL": "/bin/bash"}}
        self.idle = idle
        self.t = 0.0
        self.events = []

    def out(self, text, delay=0.0):
        self.t += min(delay, self.idle)
        if text:
            self.events.append([round(self.t, 3), "o", text])

    def write(self, path):
        with open(path, "w", encoding="utf-8") as f:
            f.write(json.dumps(self.header) + "\n")
            for e in self.events:
                f.write(json.dumps(e, ensure_ascii=False) + "\n")


def parse(path):
    steps = []
    for n, raw in enumerate(open(path, encoding="utf-8"), 1):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("> "):
            if not steps or steps[-1]["kind"] != "run":
                sys.exit(f"{path}:{n}: input without a command before it")
            steps[-1]["input"].append(line[2:])
            continue
        m = re.match(r"^([A-Za-z][\w-]*)\$ (.+)$", line)
        if not m:
            sys.exit(f"{path}:{n}: expected 'DEVICE$ COMMAND', '> INPUT' or '# comment'")
        device, command = m.group(1), m.group(2)
        expect = 0
        e = re.search(r"\s+#\s*exit\s+(\d+)\s*$", command)
        if e:
            expect, command = int(e.group(1)), command[:e.start()]
        kind = "cd" if command.startswith("cd ") else "run"
        steps.append({"kind": kind, "device": device, "command": command, "expect": expect, "input": [],
                      "line": n})
    return steps


def prompt(device, cwd, home):
    shown = "~" + cwd[len(home):] if cwd == home or cwd.startswith(home + "/") else cwd
    return f"\x1b[1;32m{device}\x1b[0m:\x1b[1;34m{shown}\x1b[0m$ "


def run(cast, step, cwd, env, width, height):
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
    proc = subprocess.Popen(["bash", "-c", step["command"]], cwd=cwd, env=env, stdin=slave, stdout=slave,
                            stderr=slave, start_new_session=True)
    os.close(slave)
    inputs = list(step["input"])
    last = time.monotonic()
    quiet_since = last
    seen = False              # output since the start or the last input: the command has asked something
    decode = codecs.getincrementaldecoder("utf-8")(errors="replace").decode   # a character may span two reads
    started = last
    while True:
        if time.monotonic() - started > COMMAND_TIMEOUT:
            os.killpg(proc.pid, 9)
            proc.wait()
            os.close(master)
            sys.exit(f"line {step['line']}: still running after {COMMAND_TIMEOUT} s (waiting for input?): "
                     f"{step['command']}")
        r, _, _ = select.select([master], [], [], 0.05)
        now = time.monotonic()
        if r:
            try:
                data = os.read(master, 65536)
            except OSError:
                data = b""
            if not data:
                break
            cast.out(decode(data), now - last)
            last = now
            quiet_since = now
            seen = True
            continue
        if proc.poll() is not None:
            # drain what is left, then stop
            try:
                while select.select([master], [], [], 0.1)[0]:
                    data = os.read(master, 65536)
                    if not data:
                        break
                    cast.out(decode(data), time.monotonic() - last)
                    last = time.monotonic()
            except OSError:
                pass
            break
        if inputs and seen and now - quiet_since >= QUIET_FOR_INPUT:
            text = inputs.pop(0)
            for ch in text:           # the terminal echoes what is typed; the echo is recorded as output
                os.write(master, ch.encode())
                time.sleep(TYPE_DELAY * 3)
            os.write(master, b"\r")
            quiet_since = time.monotonic()
            seen = False
    proc.wait()
    os.close(master)
    return proc.returncode


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("session")
    ap.add_argument("out")
    ap.add_argument("--root", required=True, help="folder holding each device's HOME")
    ap.add_argument("--path", required=True, help="PATH for the commands (bm first)")
    ap.add_argument("--width", type=int, default=110)
    ap.add_argument("--height", type=int, default=32)
    ap.add_argument("--idle", type=float, default=1.0)
    ap.add_argument("--title", default="bm")
    ap.add_argument("--env", action="append", default=[], help="NAME=VALUE for every command")
    a = ap.parse_args()
    cast = Cast(a.width, a.height, a.idle, a.title)
    cwd = {}
    for step in parse(a.session):
        home = os.path.join(a.root, step["device"])
        os.makedirs(home, exist_ok=True)
        cwd.setdefault(step["device"], home)
        here = cwd[step["device"]]
        cast.out(prompt(step["device"], here, home), AFTER_COMMAND if cast.events else 0.5)
        for i, ch in enumerate(step["command"]):
            cast.out(ch, TYPE_DELAY if i else 0.4)
        cast.out("\r\n", AFTER_TYPING)
        if step["kind"] == "cd":
            target = os.path.expanduser(step["command"][3:].strip().replace("~", home, 1))
            if not os.path.isdir(target):
                sys.exit(f"{a.session}:{step['line']}: no folder {target}")
            cwd[step["device"]] = os.path.realpath(target)
            continue
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BM_", "RCLONE_", "GIT_"))}
        env.update({"HOME": home, "PATH": a.path, "TERM": "xterm-256color", "COLUMNS": str(a.width),
                    "LINES": str(a.height), "LANG": "C.UTF-8", "PS1": "$ "})
        env.pop("NO_COLOR", None)
        env.pop("AWS_CA_BUNDLE", None)
        for kv in a.env:
            k, v = kv.split("=", 1)
            env[k] = v
        start = time.monotonic()
        code = run(cast, step, here, env, a.width, a.height)
        print(f"{step['device']}$ {step['command']}  -> exit {code} ({time.monotonic() - start:.1f} s)",
              file=sys.stderr)
        if code != step["expect"]:
            sys.exit(f"{a.session}:{step['line']}: exited {code}, expected {step['expect']}: {step['command']}")
    cast.out(prompt(step["device"], cwd[step["device"]], os.path.join(a.root, step["device"])), AFTER_COMMAND)
    cast.out("", 2.0)
    cast.events.append([round(cast.t + 2.0, 3), "o", ""])
    cast.write(a.out)
    print(f"wrote {a.out}: {len(cast.events)} events, {cast.t:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
