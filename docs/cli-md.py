#!/usr/bin/env python3
"""Regenerates the outputs in docs/cli.md from real runs: every line "$ command" in a ``` block is run (in a
temporary directory holding a link to examples/), and the lines after it, up to the next "$ " line or the block's
end, are replaced by what it printed (standard output and error, then "# exit code N" when it is not 0). A stack
trace (--verbose) is cut after its first two frames. Usage, from the repository root: python3 docs/cli-md.py"""
import os, re, subprocess, sys, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
doc = os.path.join(root, "docs", "cli.md")
work = tempfile.mkdtemp(prefix="simdnn-cli-md-")
os.symlink(os.path.join(root, "examples"), os.path.join(work, "examples"))
env = dict(os.environ, COLUMNS="120")

def run(command):
    shell = command.replace("./simdnn", os.path.join(root, "simdnn"))
    p = subprocess.run(["bash", "-c", shell], cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    lines = [l for l in p.stdout.splitlines() if not l.startswith("WARNING: Using incubator modules")
             and not l.startswith("simdnn: building the command line")]
    out, frames = [], 0
    for l in lines:
        if l.startswith("\tat "):
            frames += 1
            if frames == 3:
                out.append("\t...")
            if frames > 2:
                continue
        out.append(l)
    epochs = [i for i, l in enumerate(out) if re.match(r"epoch +\d+/\d+  loss", l)]
    if len(epochs) > 12:
        first, last = epochs[5], epochs[-3]
        a = re.match(r"epoch +(\d+)", out[first]).group(1)
        b = re.match(r"epoch +(\d+)", out[last - 1] if last - 1 > first else out[first]).group(1)
        out[first:last] = [f"...   (epochs {a} to {int(out[last].split()[1].split('/')[0]) - 1} left out here)"]
    if p.returncode != 0:
        out.append(f"# exit code {p.returncode}")
    print(f"{p.returncode} {command}", file=sys.stderr)
    return out

text = open(doc, encoding="utf-8").read().split("\n")
result, in_block, skipping = [], False, False
for line in text:
    if line.startswith("```"):
        in_block, skipping = not in_block, False
        result.append(line)
        continue
    if in_block and line.startswith("$ "):
        result.append(line)
        result.extend(run(line[2:]))
        skipping = True
        continue
    if in_block and skipping:
        continue
    result.append(line)
open(doc, "w", encoding="utf-8").write("\n".join(result))
# The images the document shows, from the same runs.
for made, shown in [("digits.png", "train-digits.png"), ("bench.png", "bench.png")]:
    if os.path.exists(os.path.join(work, made)):
        os.replace(os.path.join(work, made), os.path.join(root, "docs", "images", shown))
