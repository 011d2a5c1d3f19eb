#!/usr/bin/python3
"""The spam filter's test: builds examples/spam_filter as a user's project
(find_package(modelc), modelc_add_model()), then checks

1. the C preprocessing: `spam-filter --dump-window` equals train.py's
   message_window() on crafted messages (CRLF, mbox From line, no blank line,
   empty, short, long headers) and on 60 corpus messages;
2. the accuracy on the test set (1,120 messages): within 0.5 points of the
   accuracy PyTorch measured (spam_filter.json) and at least 97 %; prints the
   precision and recall of `junk` beside PyTorch's; the same for the int8
   build (spam-filter-int8), printed beside float's;
3. the Maildir mode on generated Maildirs: --dry-run changes nothing; a run
   moves junk into .Junk/cur (created when missing) and flags exactly the
   messages the scores say, losing and duplicating none; a second run
   changes nothing; a Junk folder that cannot be written (read-only, or not
   a folder) and a destination that exists leave the junk where it was,
   reported, with exit status 1.

    test_spam_filter.py --modelc-dir BUILD/lib/cmake/modelc \\
        --corpus CORPUS/data --work DIR [--cmake cmake] [--generator Ninja]
"""

import argparse
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from train import (FLAG_THRESHOLD, GROUPS, JUNK_THRESHOLD,  # noqa: E402
                   is_test, message_window)

failures = []


def check(ok, what):
    print(("ok: " if ok else "FAIL: ") + what, flush=True)
    if not ok:
        failures.append(what)
    return ok


def run(cmd, expect=0, **kw):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          **kw)
    out = proc.stdout.decode("utf-8", "replace")
    err = proc.stderr.decode("utf-8", "replace")
    if expect is not None and proc.returncode != expect:
        sys.stdout.write(out[-4000:])
        sys.stderr.write(err[-4000:])
        raise SystemExit(f"{cmd[0]} exited with {proc.returncode}, "
                         f"expected {expect}: {' '.join(cmd[:6])} ...")
    return proc.returncode, out, err


def build(args):
    build_dir = os.path.join(args.work, "build")
    shutil.rmtree(build_dir, ignore_errors=True)
    configure = [args.cmake, "-S", HERE, "-B", build_dir,
                 f"-Dmodelc_DIR={args.modelc_dir}",
                 "-DCMAKE_BUILD_TYPE=Release"]
    if args.generator:
        configure += ["-G", args.generator]
    run(configure)
    run([args.cmake, "--build", build_dir])
    exes = [os.path.join(build_dir, n) for n in ("spam-filter",
                                                  "spam-filter-int8")]
    for exe in exes:
        if not os.access(exe, os.X_OK):
            raise SystemExit(f"the build wrote no {exe}")
    return exes


def corpus_files(data_dir, test):
    files = []
    for group, label in sorted(GROUPS.items()):
        folder = os.path.join(data_dir, group)
        for name in sorted(os.listdir(folder)):
            if name.endswith(".txt") and is_test(name) == test:
                files.append((os.path.join(folder, name), label))
    return files


def scores(exe, paths):
    """{path: (probability, decision)} from `spam-filter PATH...`."""
    _, out, err = run([exe] + paths)
    result = {}
    for line in out.splitlines():
        path, p, decision = line.split("\t")
        result[path] = (float(p), decision)
    print("  " + err.strip().splitlines()[-1])
    return result


def expected_decision(p):
    if p >= JUNK_THRESHOLD:
        return "junk"
    return "flagged" if p >= FLAG_THRESHOLD else "inbox"


def check_windows(exe, work, data_dir):
    crafted = {
        "empty": b"",
        "short": b"Fro",
        "from-only": b"From someone Thu Aug 22 2002",
        "from-line": b"From a@b Thu\nSubject: hi\n\nbody text\n",
        "not-from": b"Frobnicate: yes\n\nbody\n",
        "crlf": b"Subject: hello\r\nTo: x@y\r\n\r\nline one\r\nline two\r\n",
        "no-blank-line": b"Subject: only headers\nTo: x@y\n",
        "trailing-newline": b"Subject: s\n",
        "leading-blank": b"\n\nbody only",
        "cr-between-newlines": b"Subject: s\n\r\nbody",
        "long-header": b"X-Long: " + b"h" * 3000 + b"\n\n" + b"b" * 5000,
        "nul-bytes": b"Subject: \x00\x01\xff\n\n\x00body\xfe",
        "long-body": b"Subject: s\n\n" + bytes(range(256)) * 40,
    }
    folder = os.path.join(work, "windows")
    os.makedirs(folder, exist_ok=True)
    paths, expected = [], {}
    for name, data in crafted.items():
        path = os.path.join(folder, name + ".eml")
        with open(path, "wb") as f:
            f.write(data)
        paths.append(path)
        expected[path] = message_window(data)
    for path, _ in corpus_files(data_dir, True)[::19][:60]:
        paths.append(path)
        with open(path, "rb") as f:
            expected[path] = message_window(f.read())
    _, out, _ = run([exe, "--dump-window"] + paths)
    got = dict(line.split("\t") for line in out.splitlines())
    bad = [p for p in paths if got.get(p) != expected[p].tobytes().hex()]
    check(not bad, f"--dump-window equals message_window() on {len(paths)} "
          f"messages ({len(crafted)} crafted)" +
          (f"; differs on {', '.join(os.path.basename(b) for b in bad)}"
           if bad else ""))


def check_accuracy(exe, data_dir, meta, what="modelc"):
    files = corpus_files(data_dir, True)
    start = time.time()
    result = scores(exe, [p for p, _ in files])
    elapsed = time.time() - start
    check(len(result) == len(files),
          f"one line per message ({len(result)} of {len(files)})")
    correct = junk = true_junk = spam = 0
    for path, label in files:
        p, decision = result[path]
        if decision != expected_decision(p):
            check(False, f"{path}: decision {decision} for p={p}")
        correct += (p >= FLAG_THRESHOLD) == (label == 1)
        spam += label
        if decision == "junk":
            junk += 1
            true_junk += label
    accuracy = 100.0 * correct / len(files)
    precision = 100.0 * true_junk / max(junk, 1)
    recall = 100.0 * true_junk / max(spam, 1)
    print(f"  {what}: accuracy {accuracy:.2f}% ({correct}/{len(files)}), "
          f"junk precision {precision:.2f}% recall {recall:.2f}%; "
          f"{len(files) / elapsed:.0f} messages/s with process start")
    print(f"  PyTorch: accuracy {meta['test_accuracy']:.2f}%, junk precision "
          f"{meta['junk_precision']:.2f}% recall {meta['junk_recall']:.2f}%")
    check(abs(accuracy - meta["test_accuracy"]) <= 0.5,
          f"{what} accuracy {accuracy:.2f}% within 0.5 points of PyTorch's "
          f"{meta['test_accuracy']:.2f}%")
    check(accuracy >= 97.0, f"{what} accuracy {accuracy:.2f}% >= 97%")
    return result


def tree(root):
    """{relative path: md5 of content} of every file under root."""
    out = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                out[os.path.relpath(path, root)] = hashlib.md5(
                    f.read()).hexdigest()
    return out


def pick_messages(result):
    """Test-set messages for the Maildirs: junk, flagged and inbox ones."""
    by = {"junk": [], "flagged": [], "inbox": []}
    for path in sorted(result):
        by[result[path][1]].append(path)
    chosen = by["junk"][:4] + by["flagged"][:4] + by["inbox"][:4]
    check(all(by[d] for d in by),
          "the test set has junk, flagged and inbox messages "
          f"({len(by['junk'])}, {len(by['flagged'])}, {len(by['inbox'])})")
    return chosen


def make_maildir(root, messages):
    """A Maildir of the messages: even ones in new/, odd ones in cur/ (some
    with flags already). Returns {relative path: source path}."""
    shutil.rmtree(root, ignore_errors=True)
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(root, sub))
    placed = {}
    for i, src in enumerate(messages):
        base = f"1700000{i:03d}.M{i}P1.test"
        if i % 2 == 0:
            rel = os.path.join("new", base)
        else:
            rel = os.path.join("cur", base + (":2,S" if i % 4 == 1 else ":2,RS"))
        shutil.copyfile(src, os.path.join(root, rel))
        placed[rel] = src
    return placed


def flag_name(rel):
    sub, name = rel.split(os.sep)
    if sub == "new":
        return os.path.join("cur", name + ":2,F")
    base, flags = name.split(":2,")
    return os.path.join("cur", base + ":2," + "".join(sorted(flags + "F")))


def junk_name(rel):
    sub, name = rel.split(os.sep)
    return os.path.join(".Junk", "cur", name + (":2," if sub == "new" else ""))


def md5_of(path):
    with open(path, "rb") as f:
        return hashlib.md5(f.read()).hexdigest()


def check_maildir(exe, work, result):
    messages = pick_messages(result)
    decision = {p: result[p][1] for p in messages}
    root = os.path.join(work, "Maildir")
    placed = make_maildir(root, messages)
    before = tree(root)

    # Dry run: nothing changes, every message reported.
    rc, out, err = run([exe, "--maildir", root, "--dry-run"])
    check(tree(root) == before and not os.path.exists(
        os.path.join(root, ".Junk")), "--dry-run changes nothing")
    check(len(out.splitlines()) == len(messages) and "would move to" in out,
          "--dry-run reports every message and what it would do")

    # The real run, with no Junk folder yet.
    rc, out, err = run([exe, "--maildir", root])
    print("  " + err.strip())
    reported = sorted(line.split("\t")[0] for line in out.splitlines())
    check(reported == sorted(os.path.join(root, rel) for rel in placed) and
          f": {len(messages)} messages: " in err,
          f"each of the {len(messages)} messages scored and reported once")
    want = {}
    for rel, src in placed.items():
        d = decision[src]
        if d == "junk":
            want[junk_name(rel)] = before[rel]
        elif d == "flagged":
            want[flag_name(rel)] = before[rel]
        else:
            want[rel] = before[rel]
    after = tree(root)
    check(after == want, "junk moved to .Junk/cur (created), flagged messages "
          "renamed with F, inbox ones untouched, none lost or duplicated")
    for line in out.splitlines():
        path, p, d, action = line.split("\t")
        check(d == expected_decision(float(p)), f"{path}: decision {d}")

    # A second run: nothing left to move (flagged ones already have F).
    run([exe, "--maildir", root])
    check(tree(root) == want, "a second run changes nothing")

    # A Junk folder that cannot be used: .Junk/cur read-only, and .Junk a file.
    junk_count = sum(1 for m in messages if decision[m] == "junk")
    cases = [("read-only .Junk/cur", "readonly"), (".Junk is a file", "file"),
             ("destination exists in .Junk/cur", "exists")]
    for what, kind in cases:
        placed = make_maildir(root, messages)
        before = tree(root)
        cmd = [exe, "--maildir", root]
        junk_rel = [rel for rel, src in placed.items()
                    if decision[src] == "junk"]
        if kind == "readonly":
            for sub in ("cur", "new", "tmp"):
                os.makedirs(os.path.join(root, ".Junk", sub))
            if os.geteuid() == 0:
                # root writes anywhere: run as nobody, with the rest of the
                # Maildir open to it.
                setpriv = shutil.which("setpriv")
                if not check(setpriv is not None,
                             "setpriv (util-linux) to test as a non-root user"):
                    continue
                for folder, dirs, names in os.walk(root):
                    os.chmod(folder, 0o777)
                    for name in names:
                        os.chmod(os.path.join(folder, name), 0o666)
                cmd = [setpriv, "--reuid=65534", "--regid=65534",
                       "--clear-groups"] + cmd
            os.chmod(os.path.join(root, ".Junk", "cur"), 0o555)
        elif kind == "file":
            with open(os.path.join(root, ".Junk"), "w") as f:
                f.write("not a folder\n")
        else:
            os.makedirs(os.path.join(root, ".Junk", "cur"))
            for rel in junk_rel:
                with open(os.path.join(root, junk_name(rel)), "w") as f:
                    f.write("an earlier message of the same name\n")
        before = tree(root)
        rc, out, err = run(cmd, expect=1)
        after = tree(root)
        want = dict(before)
        for rel, src in placed.items():
            if decision[src] == "flagged":
                want[flag_name(rel)] = want.pop(rel)
        left = sum(1 for rel in junk_rel if rel in after)
        check(after == want and left == junk_count and
              err.count("left in place") == junk_count,
              f"{what}: the {junk_count} junk messages stay where they were, "
              "each reported, flagged ones still renamed, exit status 1")
        os.chmod(root, 0o755)
        if os.path.isdir(os.path.join(root, ".Junk", "cur")):
            os.chmod(os.path.join(root, ".Junk", "cur"), 0o755)

    # Usage errors.
    rc, _, err = run([exe, "--maildir", os.path.join(work, "missing")],
                     expect=1)
    check("is not a Maildir" in err, "a folder that is not a Maildir is "
          "reported")
    rc, _, err = run([exe, "--dry-run", messages[0]], expect=2)
    check("--dry-run needs --maildir" in err, "--dry-run without --maildir "
          "is a usage error")
    rc, out, err = run([exe, os.path.join(work, "no-such-message"),
                        messages[0]], expect=1)
    check("No such file" in err and len(out.splitlines()) == 1,
          "an unreadable file is reported and the others still scored")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modelc-dir", required=True)
    parser.add_argument("--corpus", required=True,
                        help="the corpus's data/ folder (fetch_corpus.sh)")
    parser.add_argument("--work", required=True)
    parser.add_argument("--cmake", default="cmake")
    parser.add_argument("--generator", default="")
    args = parser.parse_args()
    args.modelc_dir = os.path.abspath(args.modelc_dir)
    args.corpus = os.path.abspath(args.corpus)
    args.work = os.path.abspath(args.work)
    with open(os.path.join(HERE, "spam_filter.json")) as f:
        meta = json.load(f)
    for group in GROUPS:
        if not os.path.isdir(os.path.join(args.corpus, group)):
            raise SystemExit(f"no {group} in {args.corpus}: run "
                             "examples/spam_filter/fetch_corpus.sh first")
    os.makedirs(args.work, exist_ok=True)
    exe, exe_int8 = build(args)
    check_windows(exe, args.work, args.corpus)
    result = check_accuracy(exe, args.corpus, meta)
    # The int8 build (QUANTIZE int8 from spam_filter.calib.json): the same
    # bar, side by side with float's.
    check_accuracy(exe_int8, args.corpus, meta, "modelc int8")
    check_maildir(exe, args.work, result)
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("spam-filter: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
