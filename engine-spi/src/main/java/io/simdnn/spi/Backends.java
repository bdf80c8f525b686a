package io.simdnn.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds the backends on the class or module path and chooses one.
 *
 * <p>{@link #get()} returns the default backend, chosen once: the one named by the system property
 * {@value #BACKEND_PROPERTY} (a forced backend that cannot run is an error, not a silent fallback), otherwise the
 * available backend with the highest priority. The choice is logged once through {@link System.Logger} and can be
 * queried with {@link #selection()}. That default is shared by every caller, so its {@link Backend#close()} does
 * nothing. {@link #get(String, int)} creates any available backend by name, a new one per call, which its caller
 * may close.
 */
public final class Backends {
    /** System property that forces a backend by name ("auto" or unset: the best available). */
    public static final String BACKEND_PROPERTY = "simdnn.backend";
    /** System property with the default thread count for multi-threaded backends (default: available processors). */
    public static final String THREADS_PROPERTY = "simdnn.threads";

    /** A backend found on the path, with the outcome of its availability check. */
    public record Candidate(String name, int priority, Availability availability) {}

    /**
     * The default choice: the chosen backend, how it was chosen, and every candidate with its availability (the
     * reasons the others were not chosen).
     */
    public record Selection(Backend backend, String how, List<Candidate> candidates) {
        /** One line for logs and {@code info}: the chosen backend and why the others were not. */
        public String describe() {
            StringBuilder s = new StringBuilder("simdnn backend: ").append(backend.name()).append(" (")
                    .append(availabilityOf(backend.name())).append("; ").append(backend.threads())
                    .append(backend.threads() == 1 ? " thread" : " threads").append(", ").append(how).append(')');
            for (Candidate c : candidates) {
                if (!c.name().equals(backend.name()) && !c.availability().available()) {
                    s.append("; ").append(c.name()).append(" unavailable: ").append(c.availability().reason());
                }
            }
            return s.toString();
        }

        private String availabilityOf(String name) {
            return candidates.stream().filter(c -> c.name().equals(name)).findFirst()
                    .map(c -> c.availability().reason()).orElse("");
        }
    }

    private static final System.Logger LOG = System.getLogger("io.simdnn");

    private Backends() {}

    /**
     * The default backend (see the class description), one instance shared by every caller: its {@code close()}
     * does nothing. Thread-safe; chosen and logged once. When no backend can be chosen, this and every later call
     * throw an exception with the same reason.
     */
    public static Backend get() {
        return selection().backend();
    }

    /** How the default backend was chosen (throws, every time, when it could not be). */
    public static Selection selection() {
        Object s = defaultChoice;
        if (s == null) {
            synchronized (Backends.class) {
                s = defaultChoice;
                if (s == null) {
                    try {
                        s = Default.choose();
                    } catch (RuntimeException e) {
                        s = e;
                    }
                    defaultChoice = s;
                }
            }
        }
        if (s instanceof Selection selection) return selection;
        RuntimeException failure = (RuntimeException) s;
        // a fresh exception per call (with this caller's stack), keeping the first failure's type and reason
        RuntimeException again = failure instanceof IllegalArgumentException
                ? new IllegalArgumentException(failure.getMessage(), failure)
                : new IllegalStateException(failure.getMessage(), failure);
        throw again;
    }

    /** The default choice once made: a {@link Selection}, or the RuntimeException that prevented it. */
    private static volatile Object defaultChoice;

    /** Creates the named backend with the default thread count; "auto" means the best available. */
    public static Backend get(String name) {
        return get(name, defaultThreads());
    }

    /**
     * Creates the named backend ("auto": the best available) using at most {@code threads} threads per kernel.
     *
     * @throws IllegalArgumentException for an unknown name (the message lists the backends found)
     * @throws IllegalStateException    when the backend is known but cannot run here (the message says why)
     */
    public static Backend get(String name, int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads = " + threads + " must be at least 1");
        List<Found> found = discover();
        String key = name.trim().toLowerCase(Locale.ROOT);
        if (key.equals("auto")) return best(found).provider().create(threads);
        for (Found f : found) {
            if (f.provider().name().equals(key)) {
                if (!f.availability().available()) {
                    throw new IllegalStateException("backend '" + key + "' is unavailable: "
                            + f.availability().reason());
                }
                return f.provider().create(threads);
            }
        }
        throw new IllegalArgumentException("unknown backend '" + name + "'; found: "
                + found.stream().map(f -> f.provider().name()).collect(Collectors.joining(", "))
                + " (or auto)");
    }

    /** Every backend found, best first, with its availability. */
    public static List<Candidate> candidates() {
        return discover().stream()
                .map(f -> new Candidate(f.provider().name(), f.provider().priority(), f.availability()))
                .toList();
    }

    /** The value of {@value #THREADS_PROPERTY}, or the number of available processors. */
    public static int defaultThreads() {
        String p = System.getProperty(THREADS_PROPERTY);
        if (p == null || p.isBlank()) return Runtime.getRuntime().availableProcessors();
        try {
            int t = Integer.parseInt(p.trim());
            if (t >= 1) return t;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("-D" + THREADS_PROPERTY + "=" + p + " is not a positive whole number");
    }

    private record Found(BackendProvider provider, Availability availability) {}

    /** The default choice, made once by {@link #selection()}. */
    private static final class Default {
        private Default() {}

        static Selection choose() {
            List<Found> found = discover();
            String forced = System.getProperty(BACKEND_PROPERTY);
            Backend backend;
            String how;
            if (forced == null || forced.isBlank() || forced.trim().equalsIgnoreCase("auto")) {
                backend = best(found).provider().create(defaultThreads());
                how = "highest priority available";
            } else {
                backend = get(forced, defaultThreads());
                how = "chosen by -D" + BACKEND_PROPERTY;
            }
            List<Candidate> candidates = found.stream()
                    .map(f -> new Candidate(f.provider().name(), f.provider().priority(), f.availability())).toList();
            Selection s = new Selection(backend.asShared(), how, candidates);
            LOG.log(System.Logger.Level.INFO, s.describe());
            return s;
        }
    }

    private static Found best(List<Found> found) {
        return found.stream().filter(f -> f.availability().available()).findFirst()
                .orElseThrow(() -> new IllegalStateException(found.isEmpty()
                        ? "no simdnn backend on the class path: add io.simdnn:engine-scalar (the portable"
                                + " reference) and/or io.simdnn:engine-simd (the Vector API backend)"
                        : "no simdnn backend can run here: " + found.stream()
                                .map(f -> f.provider().name() + ": " + f.availability().reason())
                                .collect(Collectors.joining("; "))));
    }

    /**
     * Loads every provider. A provider whose class cannot load (for example because an optional module is missing)
     * is skipped with its reason logged at DEBUG; the others still load.
     */
    private static List<Found> discover() {
        List<Found> found = new ArrayList<>();
        Iterator<BackendProvider> it = ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())
                .iterator();
        while (true) {
            BackendProvider p;
            try {
                if (!it.hasNext()) break;
                p = it.next();
            } catch (ServiceConfigurationError e) {
                LOG.log(System.Logger.Level.DEBUG, "skipping a backend provider that failed to load", e);
                continue;
            }
            if (found.stream().anyMatch(f -> f.provider().name().equals(p.name()))) continue;
            Availability a;
            try {
                a = p.availability();
            } catch (RuntimeException | LinkageError e) {
                a = Availability.no("availability check failed: " + e);
            }
            found.add(new Found(p, a));
        }
        found.sort(Comparator.comparingInt((Found f) -> -f.provider().priority())
                .thenComparing(f -> f.provider().name()));
        return found;
    }
}
