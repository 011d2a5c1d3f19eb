#!/usr/bin/python3
"""The compile report on ResNet-50 (modelc --report, --report-profile),
read with an HTML parser as a program would:

- the page is self-contained and well formed: every element closed, no
  script, no external resource (links only to its own anchors);
- the summary states the kernels, FLOPs (a Winograd build of ResNet-50 does
  3 to 9 GFLOPs), the weights (ResNet-50's 25.6 M parameters are 97.5 MiB;
  the packed panels a little more) and the header's workspace size;
- the kernel table has one row per kernel of the profile, each with a
  measured time; every Conv and Gemm node of the model is in some row;
- the workspace plan draws as many buffers as it says, each inside the
  workspace, and the weights table's kernels are rows of the kernel table.

    report_test.py --modelc BUILD/bin/modelc --modelc-run BUILD/bin/modelc-run
                   --models-dir BUILD/models --work DIR [--model resnet50]
"""

import argparse
import html.parser
import os
import re
import sys

import onnx

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python"))
sys.dont_write_bytecode = True
from modelc_testing import Checks, run_command as run  # noqa: E402

check = Checks()
VOID = {"meta", "br", "link", "img", "input", "hr"}


class Page(html.parser.HTMLParser):
    """Collects what the checks read, and the nesting errors."""

    def __init__(self):
        super().__init__()
        self.stack, self.errors = [], []
        self.summary, self.kernels, self.weight_rows = {}, [], []
        self.buffers, self.tags, self.links = [], set(), []
        self.text = []
        self.row, self.cell, self.table = None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.add(tag)
        for key in ("src", "href"):
            if key in attrs:
                self.links.append(attrs[key])
        if tag == "table":
            self.table = attrs.get("class")
        if tag == "tr":
            self.row = {"class": attrs.get("class"), "cells": [],
                        "headers": []}
        if tag in ("td", "th"):
            self.cell = []
        if tag == "rect" and attrs.get("class") == "buffer":
            self.buffers.append({k: float(attrs[k]) for k in
                                 ("x", "y", "width", "height")})
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()
        if tag in ("td", "th") and self.row is not None:
            text = " ".join("".join(self.cell).split())
            self.row["headers" if tag == "th" else "cells"].append(text)
            self.cell = None
        if tag == "tr" and self.row is not None:
            row = self.row
            if self.table == "summary" and row["headers"] and row["cells"]:
                self.summary[row["headers"][0]] = row["cells"][0]
            elif row["class"] == "kernel":
                self.kernels.append(row["cells"])
            elif self.table == "weights" and row["cells"]:
                self.weight_rows.append(row["cells"])
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)
        self.text.append(data)


def mib(text):
    value, unit = text.split()
    return float(value) * {"B": 1 / 2**20, "KiB": 1 / 1024, "MiB": 1}[unit]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modelc", required=True)
    parser.add_argument("--modelc-run", required=True)
    parser.add_argument("--models-dir", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--model", default="resnet50")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    folder = os.path.join(args.models_dir, args.model)
    model = os.path.join(folder, "model.onnx")
    if not os.path.exists(model):
        raise SystemExit(f"{model} does not exist: run the model-{args.model} "
                         "test first (it exports the model)")

    profile = run([args.modelc_run, model, "--input-dir",
                   os.path.join(folder, "test_data_set_0"), "--profile",
                   "--bench", "1", "--threads", "1"])
    profile_path = os.path.join(args.work, "profile.txt")
    with open(profile_path, "w") as f:
        f.write(profile)
    profiled = int(re.search(r"^profile: (\d+) kernels", profile,
                             re.M).group(1))
    report = os.path.join(args.work, f"{args.model}.html")
    out = run([args.modelc, model, f"--report={report}",
               f"--report-profile={profile_path}", "-o",
               os.path.join(args.work, args.model)])
    check("warning" not in out, "the report matched the profile's kernels"
          + (f": {out.strip()}" if out.strip() else ""))
    with open(os.path.join(args.work, args.model + ".h")) as f:
        workspace = int(re.search(r"_WORKSPACE_SIZE \(\(size_t\)(\d+)\)",
                                  f.read()).group(1))

    page = Page()
    with open(report, encoding="utf-8") as f:
        page.feed(f.read())
    page.close()
    check(not page.errors and not page.stack,
          "every element is closed in order" +
          (f" ({page.errors[:3]}, open {page.stack})" if page.errors or
           page.stack else ""))
    check("script" not in page.tags and
          all(l.startswith("#") for l in page.links),
          f"self-contained: no script, {len(page.links)} links, all to its "
          "own anchors")

    s = page.summary
    kernels = int(s.get("kernels", "-1"))
    check(kernels == profiled == len(page.kernels),
          f"{len(page.kernels)} kernel rows, as the summary ({kernels}) and "
          f"the profile ({profiled}) say")
    flops = s.get("FLOPs per run", "")
    m = re.fullmatch(r"([0-9.]+) G", flops)
    check(m is not None and 3 <= float(m.group(1)) <= 9,
          f"FLOPs per run: {flops}")
    weights = mib(s.get("weights", "0 B"))
    check(95 <= weights <= 125, f"weights: {s.get('weights')}")
    check(abs(mib(s.get("workspace", "0 B")) - workspace / 2**20) < 0.01,
          f"workspace {s.get('workspace')}, the header's {workspace} bytes")
    check(re.fullmatch(r"[0-9.]+ ms per run in kernels .*",
                       s.get("measured", "")) is not None,
          f"measured: {s.get('measured')}")

    # Columns: #, nodes, writes, FLOPs, (bar), read, written, weights,
    # ms/run, share, (bar).
    timed = [row for row in page.kernels
             if len(row) >= 10 and re.fullmatch(r"[0-9.]+", row[8])]
    check(len(timed) == len(page.kernels),
          f"{len(timed)} of {len(page.kernels)} kernels have a measured time")
    nodes_text = " ".join(row[1] for row in page.kernels)
    graph = onnx.load(model, load_external_data=False).graph
    wanted = [n.name for n in graph.node if n.op_type in ("Conv", "Gemm")]
    missing = [n for n in wanted if n not in nodes_text]
    check(wanted and not missing,
          f"all {len(wanted)} Conv and Gemm nodes are in the kernel table" +
          (f"; missing {missing[:5]}" if missing else ""))

    stated = re.search(r"(\d+) buffers in ([0-9.]+ \w+)\.",
                       " ".join(page.text))
    inside = all(b["y"] >= 9.9 and b["y"] + b["height"] <= 336.1
                 for b in page.buffers)
    check(stated is not None and int(stated.group(1)) == len(page.buffers)
          and page.buffers and inside,
          f"the workspace plan draws {len(page.buffers)} buffers, as it says "
          f"({stated.group(0) if stated else 'nothing'}), inside the "
          "workspace")
    rows = {row[0] for row in page.kernels}
    check(page.weight_rows and all(r[0] in rows for r in page.weight_rows),
          f"the weights table's {len(page.weight_rows)} kernels are in the "
          "kernel table")
    return check.exit_status(f"report-{args.model}")


if __name__ == "__main__":
    sys.exit(main())
