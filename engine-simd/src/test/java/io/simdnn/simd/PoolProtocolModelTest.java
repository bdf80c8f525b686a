package io.simdnn.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every interleaving of {@link WorkerPool}'s protocol, explored exhaustively on a model: callers and helpers are
 * programs whose steps are the pool's shared-memory accesses (each volatile read, write or CAS of the code is one
 * atomic step; Java's volatiles and atomics are sequentially consistent, so interleaving the steps covers every
 * execution), run over a small state machine. A depth-first search visits every reachable state and checks, at every
 * step, that a part runs on the job of the call it was claimed for, that the job is not cleared or set again while a
 * part runs, that no part runs twice, that a call returns with each of its parts run once, and that no state is stuck.
 *
 * <p>The model of the protocol before the fix (separate volatile generation, job and part-count fields; the job cleared
 * after the pool was released) must show the two defects found under load: a part run twice when the part count
 * changes between calls (three threads or more), and a part reading a job that another caller has cleared. The model
 * of the current protocol must show none in any interleaving. Parking is left out: a parked helper is a helper the
 * schedule does not run for a while, which the search covers; a missed wake-up would only slow a call, since the
 * caller claims every part nobody else has.
 */
class PoolProtocolModelTest {
    // violations
    static final String DOUBLE_RUN = "a part ran twice", MISSED = "a call returned with a part not run",
            CLEARED_JOB = "a part read a cleared job (NullPointerException)",
            FOREIGN_JOB = "a part ran on another call's job", RESET_DURING_RUN = "the job changed while a part ran",
            STUCK = "no thread can move but a caller has not returned";

    // shared state: the claim word (generation, parts, next), done, the job's owner (-1: cleared), busy; the old
    // protocol's separate volatile generation, job reference and part count; ghosts (the call of each generation,
    // the runs of each part)
    static final int BUSY = 0, GEN = 1, PARTS = 2, NEXT = 3, DONE = 4, JOB = 5, OLD_GEN = 6, OLD_JOB_REF = 7,
            OLD_PARTS = 8, GHOSTS = 9;
    // per-thread state
    static final int PC = 0, CALL = 1, G = 2, SG = 3, SP = 4, SN = 5, PART = 6, OWNER = 7, NPARTS = 8, SEEN = 9,
            SLOTS = 10;
    static final int MAX_PARTS = 3;

    // program counters: caller (C_), helper (H_), both in work() (W_)
    static final int C_ACQUIRE = 0, C_SET_JOB = 1, C_READ_GEN = 2, C_JOB_REF = 3, C_PARTS = 4, C_RESET_DONE = 5,
            C_SET_CLAIM = 6, C_SET_GEN = 7, C_WAIT = 8, C_NULL_JOB_REF = 9, C_CLEAR = 10, C_RELEASE = 11,
            C_CHECK = 12, C_END = 13, H_SPIN = 14, H_READ_JOB_REF = 15, H_READ_PARTS = 16, W_READ = 17, W_CAS = 18,
            W_RUN_START = 19, W_RUN_END = 20, W_DONE = 21;
    static final String[] PC_NAMES = {"acquire", "job.set", "read generation", "pool.job = job", "pool.parts = parts",
            "done = 0", "publish claim word", "generation = g", "wait for done", "pool.job = null", "job.clear",
            "release", "check runs", "end", "spin on generation", "read pool.job", "read pool.parts",
            "read claim word", "CAS claim word", "run part: read job", "run part: read job again", "done++"};

    /** The pool's protocol, as a step function over the state. */
    static final class Model {
        final boolean old;
        final int[][] calls; // calls[caller] = part counts of its calls
        final int helpers, callers, totalCalls, runs, threads;
        final int[] firstCall;

        Model(boolean old, int helpers, int[]... calls) {
            this.old = old;
            this.calls = calls;
            this.helpers = helpers;
            callers = calls.length;
            firstCall = new int[callers];
            int t = 0;
            for (int c = 0; c < callers; c++) {
                firstCall[c] = t;
                t += calls[c].length;
            }
            totalCalls = t;
            runs = GHOSTS + totalCalls + 2; // generation g's call at GHOSTS + g, generations 1 … totalCalls
            threads = runs + totalCalls * MAX_PARTS;
        }

        int[] initial() {
            int[] s = new int[threads + (callers + helpers) * SLOTS];
            s[JOB] = -1;
            Arrays.fill(s, GHOSTS, runs, -1);
            for (int h = 0; h < helpers; h++) s[threads + (callers + h) * SLOTS + PC] = H_SPIN;
            return s;
        }

        int partsOf(int call) {
            for (int c = callers - 1; c >= 0; c--) {
                if (call >= firstCall[c]) return calls[c][call - firstCall[c]];
            }
            throw new AssertionError();
        }

        /** The state after thread t's next step, or null when t cannot change anything (done, or spinning). */
        int[] step(int[] s0, int t, Set<String> violations) {
            int b = threads + t * SLOTS;
            boolean caller = t < callers;
            int call = caller ? firstCall[t] + s0[b + CALL] : -1;
            int[] s = s0.clone();
            switch (s[b + PC]) {
                case C_ACQUIRE -> {
                    if (s[BUSY] != 0) return null;
                    s[BUSY] = 1;
                    s[b + PC] = C_SET_JOB;
                }
                case C_SET_JOB -> {
                    s[JOB] = call;
                    s[b + PC] = C_READ_GEN;
                }
                case C_READ_GEN -> {
                    s[b + G] = (old ? s[OLD_GEN] : s[GEN]) + 1;
                    s[b + PC] = old ? C_JOB_REF : C_RESET_DONE;
                }
                case C_JOB_REF -> {
                    s[OLD_JOB_REF] = 1;
                    s[b + PC] = C_PARTS;
                }
                case C_PARTS -> {
                    s[OLD_PARTS] = partsOf(call);
                    s[b + PC] = C_RESET_DONE;
                }
                case C_RESET_DONE -> {
                    s[DONE] = 0;
                    s[b + PC] = C_SET_CLAIM;
                }
                case C_SET_CLAIM -> {
                    s[GEN] = s[b + G];
                    s[PARTS] = old ? 0 : partsOf(call);
                    s[NEXT] = 0;
                    s[GHOSTS + s[b + G]] = call;
                    s[b + NPARTS] = partsOf(call);
                    s[b + PC] = old ? C_SET_GEN : W_READ;
                }
                case C_SET_GEN -> {
                    s[OLD_GEN] = s[b + G];
                    s[b + PC] = W_READ;
                }
                case C_WAIT -> {
                    if (s[DONE] < partsOf(call)) return null;
                    s[b + PC] = old ? C_NULL_JOB_REF : C_CLEAR;
                }
                case C_NULL_JOB_REF -> { // old: pool.job = null, release, then the call site's job.clear()
                    s[OLD_JOB_REF] = 0;
                    s[b + PC] = C_RELEASE;
                }
                case C_CLEAR -> {
                    s[JOB] = -1;
                    s[b + PC] = old ? C_CHECK : C_RELEASE;
                }
                case C_RELEASE -> {
                    s[BUSY] = 0;
                    s[b + PC] = old ? C_CLEAR : C_CHECK;
                }
                case C_CHECK -> {
                    for (int p = 0; p < partsOf(call); p++) {
                        int r = s[runs + call * MAX_PARTS + p];
                        if (r == 0) violations.add(MISSED);
                        if (r > 1) violations.add(DOUBLE_RUN);
                    }
                    s[b + CALL]++;
                    s[b + PC] = s[b + CALL] < calls[t].length ? C_ACQUIRE : C_END;
                }
                case C_END -> {
                    return null;
                }
                case H_SPIN -> {
                    int g = old ? s[OLD_GEN] : s[GEN];
                    if (g == s[b + SEEN]) return null;
                    s[b + SEEN] = g;
                    s[b + G] = g;
                    s[b + PC] = old ? H_READ_JOB_REF : W_READ;
                }
                case H_READ_JOB_REF -> {
                    s[b + OWNER] = s[OLD_JOB_REF]; // the reference read: 0 = null
                    s[b + PC] = H_READ_PARTS;
                }
                case H_READ_PARTS -> {
                    s[b + NPARTS] = s[OLD_PARTS];
                    s[b + PC] = s[b + OWNER] != 0 ? W_READ : H_SPIN;
                }
                case W_READ -> {
                    s[b + SG] = s[GEN];
                    s[b + SP] = old ? s[b + NPARTS] : s[PARTS];
                    s[b + SN] = s[NEXT];
                    boolean none = s[b + SG] != s[b + G] || s[b + SN] >= s[b + SP];
                    s[b + PC] = !none ? W_CAS : caller ? C_WAIT : H_SPIN;
                }
                case W_CAS -> {
                    if (s[GEN] == s[b + SG] && s[NEXT] == s[b + SN] && (old || s[PARTS] == s[b + SP])) {
                        s[NEXT]++;
                        s[b + PART] = s[b + SN];
                        s[b + PC] = W_RUN_START;
                    } else {
                        s[b + PC] = W_READ;
                    }
                }
                case W_RUN_START -> {
                    int owner = s[JOB];
                    s[b + OWNER] = owner;
                    if (owner < 0) {
                        violations.add(CLEARED_JOB);
                    } else {
                        if (owner != s[GHOSTS + s[b + G]]) violations.add(FOREIGN_JOB);
                        // a part beyond the job's own count computes an empty range
                        if (s[b + PART] < partsOf(owner) && ++s[runs + owner * MAX_PARTS + s[b + PART]] > 1) {
                            violations.add(DOUBLE_RUN);
                        }
                    }
                    s[b + PC] = W_RUN_END;
                }
                case W_RUN_END -> {
                    if (s[JOB] != s[b + OWNER]) violations.add(RESET_DURING_RUN);
                    s[b + PC] = W_DONE;
                }
                case W_DONE -> {
                    s[DONE]++;
                    s[b + PC] = W_READ;
                }
                default -> throw new AssertionError("pc " + s[b + PC]);
            }
            return s;
        }

        boolean callersDone(int[] s) {
            for (int t = 0; t < callers; t++) {
                if (s[threads + t * SLOTS + PC] != C_END) return false;
            }
            return true;
        }
    }

    /** What an exhaustive search found: the states visited and each violation with the first schedule showing it. */
    record Result(long states, long transitions, Map<String, String> violations) {}

    /**
     * Depth-first search over every interleaving, each state expanded once; it stops early once it has found
     * {@code stopAt} (null: never).
     */
    static Result explore(Model model, String stopAt) {
        Set<Key> visited = new HashSet<>();
        Map<String, String> found = new TreeMap<>();
        long[] transitions = {0};
        List<Integer> path = new ArrayList<>();
        int[] start = model.initial();
        visited.add(new Key(start));
        dfs(model, start, visited, found, transitions, path, stopAt);
        return new Result(visited.size(), transitions[0], found);
    }

    private static void dfs(Model model, int[] s, Set<Key> visited, Map<String, String> found, long[] transitions,
            List<Integer> path, String stopAt) {
        boolean moved = false;
        Set<String> violations = new HashSet<>();
        for (int t = 0; t < model.callers + model.helpers; t++) {
            if (stopAt != null && found.containsKey(stopAt)) return;
            violations.clear();
            int pc = s[model.threads + t * SLOTS + PC];
            int[] next = model.step(s, t, violations);
            if (next == null) continue;
            moved = true;
            transitions[0]++;
            path.add(t * 100 + pc);
            for (String v : violations) found.putIfAbsent(v, schedule(model, path));
            if (visited.add(new Key(next))) dfs(model, next, visited, found, transitions, path, stopAt);
            path.removeLast();
        }
        if (!moved && !model.callersDone(s)) found.putIfAbsent(STUCK, schedule(model, path));
    }

    /** The steps of a schedule, as "caller 0: acquire; helper 1: CAS claim word; …". */
    static String schedule(Model model, List<Integer> path) {
        StringBuilder b = new StringBuilder();
        for (int step : path) {
            int t = step / 100;
            if (!b.isEmpty()) b.append("; ");
            b.append(t < model.callers ? "caller " + t : "helper " + (t - model.callers)).append(": ")
                    .append(PC_NAMES[step % 100]);
        }
        return b.toString();
    }

    /** A visited state, packed into bytes (every value of the model is below 127). */
    record Key(byte[] s) {
        Key(int[] state) {
            this(pack(state));
        }

        static byte[] pack(int[] state) {
            byte[] b = new byte[state.length];
            for (int i = 0; i < state.length; i++) b[i] = (byte) state[i];
            return b;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(s, k.s);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(s);
        }
    }

    static Result run(String name, Model model, String stopAt) {
        Result r = explore(model, stopAt);
        System.out.printf("PoolProtocolModelTest %s: %,d states, %,d transitions, violations %s%n", name, r.states(),
                r.transitions(), r.violations().keySet());
        return r;
    }

    @Test
    void theOldProtocolRunsAPartTwiceWhenThePartCountGrows() {
        // one caller, two helpers (three threads), calls of 2 then 3 parts
        Result r = run("old, 1 caller [2, 3], 2 helpers", new Model(true, 2, new int[] {2, 3}), DOUBLE_RUN);
        assertTrue(r.violations().containsKey(DOUBLE_RUN), r.violations().toString());
        System.out.println("  schedule: " + r.violations().get(DOUBLE_RUN));
    }

    @Test
    void theOldProtocolLetsAPartReadAJobAnotherCallerCleared() {
        // two callers sharing a pool of two threads (one helper), calls of 2 parts
        Result r = run("old, 2 callers [2] [2], 1 helper", new Model(true, 1, new int[] {2}, new int[] {2}), CLEARED_JOB);
        assertTrue(r.violations().containsKey(CLEARED_JOB), r.violations().toString());
        System.out.println("  schedule: " + r.violations().get(CLEARED_JOB));
    }

    /** The largest model (6.5 M states, minutes) only with {@code -Dsimdnn.model.large=true}. */
    @Test
    void theProtocolIsSafeInEveryInterleaving() {
        List<Model> models = new ArrayList<>(List.of(new Model(false, 2, new int[] {2, 3, 2}),
                new Model(false, 1, new int[] {2}, new int[] {2}), new Model(false, 1, new int[] {2, 2}, new int[] {2}),
                new Model(false, 2, new int[] {3}, new int[] {2})));
        List<String> names = new ArrayList<>(List.of("1 caller [2, 3, 2], 2 helpers", "2 callers [2] [2], 1 helper",
                "2 callers [2, 2] [2], 1 helper", "2 callers [3] [2], 2 helpers"));
        if (Boolean.getBoolean("simdnn.model.large")) {
            models.add(new Model(false, 2, new int[] {2, 3}, new int[] {3}));
            names.add("2 callers [2, 3] [3], 2 helpers");
        }
        for (int i = 0; i < models.size(); i++) {
            Result r = run("new, " + names.get(i), models.get(i), null);
            assertEquals(Map.of(), r.violations(), names.get(i));
            assertTrue(r.states() > 100, "the search explored only " + r.states() + " states");
        }
    }
}
