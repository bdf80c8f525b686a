#!/usr/bin/env python3
"""MlpBenchmark's and GemmBenchmark's workloads in numpy on the BLAS it is linked with (OpenBLAS in numpy's wheels).

The MLP is the same as MlpBenchmark's: 784-256-128-10, ReLU hidden layers, softmax output, softmax cross-entropy
averaged over the batch, weights He-initialised and stored [out, in] (a layer is x @ W.T + b), inputs uniform in
[0, 1), 16 batches of 64 cycled in order, float32 throughout. Workloads:

  infer1, infer64    inference of one sample and of 64 (forward plus softmax);
  trainSgd, trainAdam one training step on 64 samples, written out in numpy: forward, softmax cross-entropy gradient,
                     backward (dW = delta.T @ x, db = column sums, delta @ W through ReLU's derivative), then SGD
                     (lr 0.01) or Adam (lr 1e-3, beta 0.9/0.999, eps 1e-8, bias-corrected) on every tensor, with
                     preallocated buffers and in-place updates;
  gemm SHAPE         GemmBenchmark's shapes, C = op(A) @ op(B) into a preallocated C (np.matmul(..., out=C)).

Each workload's calls are timed one by one for --seconds after a tenth of that of warm-up, as JMH's sample mode does;
the figure is the median call (batch 1 also the 99th percentile), which other load on the machine disturbs far less
than a mean. Timing one call costs about 0.1 µs, which shows only at the smallest GEMM sizes. Thread counts are set through
OpenBLAS's own openblas_set_num_threads (or threadpoolctl when installed). Prints Markdown tables and the OpenBLAS
build and the kernel (core type) it chose at run time.

Run it as the benchmarks docs say, without the OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE overrides:
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 benchmarks/numpy/mlp_bench.py
"""
import argparse
import ctypes
import glob
import os
import statistics
import sys
import time

import numpy as np

IN, H1, H2, OUT, BATCH, BATCHES = 784, 256, 128, 10, 64, 16
GEMM_SHAPES = ["16x16x16", "32x32x32", "64x64x64", "128x128x128", "256x256x256", "512x512x512", "1024x1024x1024",
               "1x256x784:NT", "1x128x256:NT", "8x256x784:NT", "16x256x784:NT", "64x256x784:NT", "64x128x256:NT",
               "256x784x64:TN", "64x784x256:NN"]


class OpenBlas:
    """OpenBLAS as loaded by numpy: its thread count and the kernel it runs, through its own C API."""

    def __init__(self):
        self.lib, self.prefix, self.suffix = None, "", ""
        libs = glob.glob(os.path.join(os.path.dirname(np.__file__), os.pardir, "numpy.libs", "*openblas*"))
        for path in libs:
            lib = ctypes.CDLL(path)  # already loaded by numpy: the same handle
            for prefix, suffix in (("scipy_", "64_"), ("scipy_", ""), ("", "64_"), ("", "")):
                if hasattr(lib, prefix + "openblas_get_corename" + suffix):
                    self.lib, self.prefix, self.suffix = lib, prefix, suffix
                    break
            if self.lib:
                break
        self.tpc = None
        if self.lib is None:
            try:
                import threadpoolctl
                self.tpc = threadpoolctl
            except ImportError:
                pass

    def _fn(self, name, restype):
        f = getattr(self.lib, self.prefix + name + self.suffix)
        f.restype = restype
        return f

    def set_threads(self, n):
        if self.lib is not None:
            self._fn("openblas_set_num_threads", None)(ctypes.c_int(n))
        elif self.tpc is not None:
            self.limiter = self.tpc.threadpool_limits(limits=n, user_api="blas")
        else:
            sys.exit("cannot set the BLAS thread count: no OpenBLAS in numpy.libs and no threadpoolctl")

    def threads(self):
        if self.lib is not None:
            return self._fn("openblas_get_num_threads", ctypes.c_int)()
        return next((i["num_threads"] for i in self.tpc.threadpool_info() if i["user_api"] == "blas"), None)

    def describe(self):
        if self.lib is not None:
            core = self._fn("openblas_get_corename", ctypes.c_char_p)().decode()
            config = self._fn("openblas_get_config", ctypes.c_char_p)().decode()
            return "OpenBLAS kernel (core type) %s; build: %s" % (core, config)
        if self.tpc is not None:
            info = [i for i in self.tpc.threadpool_info() if i["user_api"] == "blas"]
            return "; ".join("%s %s, kernel (core type) %s" % (i["internal_api"], i["version"],
                                                               i.get("architecture")) for i in info)
        return "BLAS unknown"


class Mlp:
    def __init__(self, seed=123, dtype=np.float32):
        rng = np.random.default_rng(seed)
        sizes = [IN, H1, H2, OUT]
        self.dtype = dtype
        self.w = [(rng.standard_normal((o, i)) * np.sqrt(2.0 / i)).astype(dtype)
                  for i, o in zip(sizes[:-1], sizes[1:])]
        self.b = [np.zeros(o, dtype) for o in sizes[1:]]
        self.params = [p for pair in zip(self.w, self.b) for p in pair]
        self.grads = [np.empty_like(p) for p in self.params]
        self.m = [np.zeros_like(p) for p in self.params]
        self.v = [np.zeros_like(p) for p in self.params]
        self.tmp = [np.empty_like(p) for p in self.params]
        self.step = 0
        self.bufs = {}

    def _acts(self, rows):
        """Per batch size: pre-activations / activations of each layer and the backward deltas."""
        if rows not in self.bufs:
            self.bufs[rows] = ([np.empty((rows, n), self.dtype) for n in (H1, H2, OUT)],
                               [np.empty((rows, n), self.dtype) for n in (H1, H2, OUT)],
                               np.empty((rows, 1), self.dtype))
        return self.bufs[rows]

    def forward(self, x):
        a, _, col = self._acts(x.shape[0])
        h = x
        for l in range(3):
            np.matmul(h, self.w[l].T, out=a[l])
            a[l] += self.b[l]
            if l < 2:
                np.maximum(a[l], 0, out=a[l])
            h = a[l]
        # softmax over each row, in place
        np.max(h, axis=1, keepdims=True, out=col)
        h -= col
        np.exp(h, out=h)
        np.sum(h, axis=1, keepdims=True, out=col)
        h /= col
        return h

    def train_step(self, x, t, adam):
        loss = self.gradients(x, t)
        self.update(adam)
        return loss

    def gradients(self, x, t):
        """The batch-mean loss; its gradients into self.grads."""
        rows = x.shape[0]
        a, d, _ = self._acts(rows)
        y = self.forward(x)
        loss = -float(np.sum(t * np.log(np.maximum(y, 1e-30)))) / rows
        np.subtract(y, t, out=d[2])
        d[2] *= 1.0 / rows  # d loss / d logits of the batch mean
        for l in (2, 1, 0):
            h = a[l - 1] if l > 0 else x
            np.matmul(d[l].T, h, out=self.grads[2 * l])
            np.sum(d[l], axis=0, out=self.grads[2 * l + 1])
            if l > 0:
                np.matmul(d[l], self.w[l], out=d[l - 1])
                d[l - 1] *= a[l - 1] > 0  # ReLU's derivative (a holds the ReLU outputs)
        return loss

    def update(self, adam):
        self.step += 1
        if adam:
            lr, b1, b2, eps = 1e-3, 0.9, 0.999, 1e-8
            c1, c2 = 1 - b1 ** self.step, 1 - b2 ** self.step
            for p, g, m, v, tmp in zip(self.params, self.grads, self.m, self.v, self.tmp):
                m *= b1
                m += (1 - b1) * g
                np.multiply(g, g, out=tmp)
                tmp *= 1 - b2
                v *= b2
                v += tmp
                np.divide(v, c2, out=tmp)
                np.sqrt(tmp, out=tmp)
                tmp += eps
                np.divide(m, tmp, out=tmp)
                tmp *= lr / c1
                p -= tmp
        else:
            for p, g in zip(self.params, self.grads):
                p -= 0.01 * g


def check_gradients(x, t):
    """The backward pass is the loss's slope: central differences in float64 on the largest entries."""
    net = Mlp(dtype=np.float64)
    x, t = x.astype(np.float64), t.astype(np.float64)
    net.gradients(x, t)
    for i, (p, g) in enumerate(zip(net.params, net.grads)):
        at = np.unravel_index(np.argmax(np.abs(g)), g.shape)
        saved, h = p[at], 1e-6
        p[at] = saved + h
        up = net.gradients(x, t)
        p[at] = saved - h
        down = net.gradients(x, t)
        p[at] = saved
        slope = (up - down) / (2 * h)
        net.gradients(x, t)
        if not abs(slope - g[at]) <= 1e-5 * abs(slope) + 1e-9:
            sys.exit("backward pass is wrong: tensor %d entry %s: %g against the loss's slope %g" % (i, at, g[at],
                                                                                                   slope))


def parse_shape(text):
    dims, _, ops = text.partition(":")
    m, n, k = (int(v) for v in dims.split("x"))
    ops = ops or "NN"
    return m, n, k, ops[0] == "T", ops[1] == "T"


def sample(fn, seconds):
    """p50 and p99 of single calls timed one by one for `seconds` (after a tenth of that of warm-up), in seconds."""
    end = time.perf_counter() + seconds / 10
    while time.perf_counter() < end:
        fn()
    times, end = [], time.perf_counter_ns() + int(seconds * 1e9)
    while True:
        t0 = time.perf_counter_ns()
        fn()
        t1 = time.perf_counter_ns()
        times.append(t1 - t0)
        if t1 > end and len(times) >= 5:
            break
    times.sort()
    return times[len(times) // 2] * 1e-9, times[min(len(times) - 1, int(len(times) * 0.99))] * 1e-9


def per_call(fn, seconds):
    """Median time of one call, in seconds."""
    return sample(fn, seconds)[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--threads", default="1,2", help="BLAS thread counts, comma-separated (default 1,2)")
    ap.add_argument("--seconds", type=float, default=1.0, help="time spent timing each workload (default 1 s)")
    ap.add_argument("--no-gemm", action="store_true", help="skip the GEMM shapes")
    args = ap.parse_args()

    blas = OpenBlas()
    print("numpy %s, Python %s" % (np.__version__, sys.version.split()[0]))
    print(blas.describe())
    print("OPENBLAS_CORETYPE=%s OPENBLAS_L2_SIZE=%s" % (os.environ.get("OPENBLAS_CORETYPE", "(unset)"),
                                                          os.environ.get("OPENBLAS_L2_SIZE", "(unset)")))
    rng = np.random.default_rng(7)
    x = rng.random((BATCHES * BATCH, IN), dtype=np.float32)
    t = np.zeros((BATCHES * BATCH, OUT), np.float32)
    t[np.arange(BATCHES * BATCH), rng.integers(0, OUT, BATCHES * BATCH)] = 1
    check_gradients(x[:BATCH], t[:BATCH])
    counter = [0]

    def next_batch():
        counter[0] = (counter[0] + 1) % BATCHES
        return counter[0] * BATCH

    thread_counts = [int(v) for v in args.threads.split(",")]
    mlp_rows, gemm_rows = [], []
    for n in thread_counts:
        blas.set_threads(n)
        got = blas.threads()
        net = Mlp()
        p50, p99 = sample(lambda: net.forward(x[next_batch():][:1]), args.seconds)
        infer64 = per_call(lambda: net.forward(x[next_batch():][:BATCH]), args.seconds)
        sgd = per_call(lambda: (lambda b: net.train_step(x[b:b + BATCH], t[b:b + BATCH], False))(next_batch()),
                       args.seconds)
        adam_net = Mlp()
        adam = per_call(lambda: (lambda b: adam_net.train_step(x[b:b + BATCH], t[b:b + BATCH], True))(next_batch()),
                        args.seconds)
        loss = adam_net.train_step(x[:BATCH], t[:BATCH], True)
        if not np.isfinite(loss):
            sys.exit("training diverged: loss %s" % loss)
        mlp_rows.append((n, got, p50 * 1e6, p99 * 1e6, BATCH / infer64, BATCH / sgd, BATCH / adam))
        if args.no_gemm:
            continue
        for shape in GEMM_SHAPES:
            m, nn, k, ta, tb = parse_shape(shape)
            a = rng.uniform(-1, 1, (k, m) if ta else (m, k)).astype(np.float32)
            b = rng.uniform(-1, 1, (nn, k) if tb else (k, nn)).astype(np.float32)
            opa, opb = (a.T if ta else a), (b.T if tb else b)
            c = np.empty((m, nn), np.float32)
            np.matmul(opa, opb, out=c)
            ref = opa.astype(np.float64) @ opb.astype(np.float64)
            if not np.allclose(c, ref, rtol=1e-4, atol=1e-4 * np.sqrt(k)):
                sys.exit("gemm %s is wrong" % shape)
            sec = per_call(lambda: np.matmul(opa, opb, out=c), args.seconds)
            gemm_rows.append((shape, n, 2.0 * m * nn * k / sec * 1e-9))

    print("\n#### numpy MLP 784-256-128-10 (median calls; samples/s = 64 / median)\n")
    print("| BLAS threads | inferBatch1 p50 (µs) | inferBatch1 p99 (µs) | inferBatch64 (samples/s) "
          "| trainSgd (samples/s) | trainAdam (samples/s) |")
    print("|---|---:|---:|---:|---:|---:|")
    for n, got, p50, p99, i64, sgd, adam in mlp_rows:
        print("| %d%s | %.1f | %.1f | %.0f | %.0f | %.0f |" % (n, "" if got == n else " (ran %s)" % got, p50, p99,
                                                              i64, sgd, adam))
    if gemm_rows:
        print("\n#### numpy GEMM (median call as GFLOP/s)\n")
        print("| shape | " + " | ".join("%d thread%s" % (n, "" if n == 1 else "s") for n in thread_counts) + " |")
        print("|---" + "|---:" * len(thread_counts) + "|")
        for shape in GEMM_SHAPES:
            cells = {n: g for s, n, g in gemm_rows if s == shape}
            print("| %s | %s |" % (shape, " | ".join("%.1f" % cells[n] for n in thread_counts)))


if __name__ == "__main__":
    main()
