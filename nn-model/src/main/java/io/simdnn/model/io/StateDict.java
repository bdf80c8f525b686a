package io.simdnn.model.io;

import io.simdnn.model.Architecture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Maps the tensor names of a PyTorch state dict onto an architecture's names ({@link Architecture#tensors()}), so
 * that a state dict of any module naming loads: {@code fc1.weight}, {@code layers.0.weight} of a
 * {@code ModuleList}, {@code encoder.2.weight}, ...
 *
 * <p>Tensors are grouped into modules by the key up to its last dot ({@code fc1.weight} and {@code fc1.bias} are
 * module {@code fc1}). The architecture's modules are its linear layers and the modules that hold PReLU slopes or
 * Swish β. A file module fits an architecture module when it has the same parameter names with the same shapes; a
 * PReLU slope or β of shape {@code [1]} (PyTorch's {@code nn.PReLU()}) fits {@code [units]} and is broadcast.
 *
 * <p>Without an explicit mapping the modules are matched in key order (runs of digits compared as numbers, so
 * {@code layers.2} comes before {@code layers.10}); when that order does not fit the shapes, the one assignment that
 * does is used; several (or none) are refused with the candidates of every layer. The mapping used is logged
 * ({@link System.Logger}, INFO). An explicit mapping names one file module per architecture module, in order.
 */
public final class StateDict {
    private static final System.Logger LOG = System.getLogger(StateDict.class.getName());

    /** Assignments tried before the shapes are declared ambiguous (a guard against pathological files). */
    private static final int SEARCH_STEPS = 100_000;

    private StateDict() {}

    /** A module: its prefix and its parameters (name after the prefix → tensor or shape). */
    private record Module(String prefix, Map<String, long[]> shapes) {
        String describe() {
            return prefix + shapes.entrySet().stream().map(e -> e.getKey() + Arrays.toString(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
    }

    /**
     * The tensors of {@code loaded} renamed to the architecture's names (slopes of shape [1] broadcast), ready for
     * {@link ModelFile}. Names that already match (as saved by simdnn, or a bare {@code nn.Sequential}) are kept.
     *
     * @param keys one file module prefix per architecture module (see {@link #modules}), or null to match them
     *             by order and shape
     * @throws ModelFormatException when the file's modules cannot be matched, naming the candidates
     */
    public static Map<String, SafeTensors.Tensor> rename(String file, Map<String, SafeTensors.Tensor> tensors,
            Architecture architecture, List<String> keys) throws ModelFormatException {
        List<Module> want = architectureModules(architecture);
        if (keys == null && (namesMatch(tensors, architecture, "") || namesMatch(tensors, architecture, "layers."))) {
            return tensors;
        }
        List<Module> have = fileModules(tensors);
        List<Module> mapping;
        if (keys != null) {
            mapping = explicit(file, have, want, keys);
        } else {
            try {
                mapping = automatic(file, have, want, architecture);
            } catch (ModelFormatException e) {
                // Names in simdnn's own scheme with a few wrong: the loader's "missing / unexpected" says more.
                if (overlaps(tensors, architecture)) return tensors;
                throw e;
            }
        }
        Map<String, SafeTensors.Tensor> out = new LinkedHashMap<>();
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < want.size(); i++) {
            Module w = want.get(i), h = mapping.get(i);
            log.append(i == 0 ? "" : ", ").append(h.prefix()).append(" -> ").append(w.prefix());
            for (Map.Entry<String, long[]> p : w.shapes().entrySet()) {
                SafeTensors.Tensor t = tensors.get(key(h.prefix(), p.getKey()));
                long[] shape = p.getValue();
                if (!Arrays.equals(t.shape(), shape)) { // a [1] slope broadcast to [units]
                    float[] v = new float[Math.toIntExact(shape[0])];
                    Arrays.fill(v, t.data()[0]);
                    t = SafeTensors.Tensor.of(v, shape);
                }
                out.put(key(w.prefix(), p.getKey()), t);
            }
        }
        LOG.log(System.Logger.Level.INFO, "{0}: state dict modules mapped onto {1}: {2}", file, architecture, log);
        return out;
    }

    /**
     * The architecture's modules that hold tensors, in order, as {@code prefix{param[shape], ...}}: what an
     * explicit mapping lists one file prefix for.
     */
    public static List<String> modules(Architecture architecture) {
        return architectureModules(architecture).stream().map(Module::describe).toList();
    }

    private static boolean namesMatch(Map<String, SafeTensors.Tensor> tensors, Architecture a, String prefix) {
        List<Architecture.Tensor> expected = a.tensors();
        if (expected.size() != tensors.size()) return false;
        for (Architecture.Tensor t : expected) {
            if (!tensors.containsKey(prefix + t.name().substring("layers.".length()))) return false;
        }
        return true;
    }

    private static boolean overlaps(Map<String, SafeTensors.Tensor> tensors, Architecture a) {
        for (Architecture.Tensor t : a.tensors()) {
            if (tensors.containsKey(t.name()) || tensors.containsKey(t.name().substring("layers.".length()))) {
                return true;
            }
        }
        return false;
    }

    private static List<Module> architectureModules(Architecture a) {
        Map<String, Map<String, long[]>> groups = new LinkedHashMap<>();
        for (Architecture.Tensor t : a.tensors()) {
            int dot = t.name().lastIndexOf('.');
            groups.computeIfAbsent(t.name().substring(0, dot), k -> new LinkedHashMap<>())
                    .put(t.name().substring(dot + 1), Arrays.stream(t.shape()).asLongStream().toArray());
        }
        return groups.entrySet().stream().map(e -> new Module(e.getKey(), e.getValue())).toList();
    }

    private static List<Module> fileModules(Map<String, SafeTensors.Tensor> tensors) {
        Map<String, Map<String, long[]>> groups = new LinkedHashMap<>();
        for (Map.Entry<String, SafeTensors.Tensor> e : tensors.entrySet()) {
            int dot = e.getKey().lastIndexOf('.');
            String prefix = dot < 0 ? "" : e.getKey().substring(0, dot);
            groups.computeIfAbsent(prefix, k -> new LinkedHashMap<>())
                    .put(e.getKey().substring(dot + 1), e.getValue().shape());
        }
        List<Module> out = new ArrayList<>();
        groups.forEach((k, v) -> out.add(new Module(k, v)));
        out.sort(Comparator.comparing(Module::prefix, StateDict::naturalCompare));
        return out;
    }

    private static String key(String prefix, String param) {
        return prefix.isEmpty() ? param : prefix + "." + param;
    }

    /** Whether file module {@code h} holds exactly the parameters of {@code w}, shapes equal or a [1] slope. */
    private static boolean fits(Module h, Module w) {
        if (!h.shapes().keySet().equals(w.shapes().keySet())) return false;
        for (Map.Entry<String, long[]> p : w.shapes().entrySet()) {
            long[] got = h.shapes().get(p.getKey()), need = p.getValue();
            boolean vector = need.length == 1 && !p.getKey().equals("bias");
            if (!Arrays.equals(got, need) && !(vector && Arrays.equals(got, new long[] {1}))) return false;
        }
        return true;
    }

    private static List<Module> explicit(String file, List<Module> have, List<Module> want, List<String> keys)
            throws ModelFormatException {
        if (keys.size() != want.size()) {
            throw new ModelFormatException(file + ": " + keys.size() + " keys " + keys + " for " + want.size()
                    + " modules with tensors " + want.stream().map(Module::describe).toList());
        }
        Map<String, Module> byPrefix = new LinkedHashMap<>();
        for (Module m : have) byPrefix.put(m.prefix(), m);
        List<Module> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Module h = byPrefix.remove(keys.get(i).strip());
            if (h == null) {
                throw new ModelFormatException(file + ": key " + i + " \"" + keys.get(i) + "\" names no module (or "
                        + "one named twice); the file's modules: " + have.stream().map(Module::describe).toList());
            }
            if (!fits(h, want.get(i))) {
                throw new ModelFormatException(file + ": module " + h.describe() + " (key " + i + ") does not fit "
                        + want.get(i).describe());
            }
            out.add(h);
        }
        if (!byPrefix.isEmpty()) {
            throw new ModelFormatException(file + ": modules not named by the keys: " + byPrefix.values().stream()
                    .map(Module::describe).toList());
        }
        return out;
    }

    private static List<Module> automatic(String file, List<Module> have, List<Module> want, Architecture a)
            throws ModelFormatException {
        String hint = "; name them in order with an explicit mapping (--keys "
                + have.stream().map(Module::prefix).limit(want.size()).collect(Collectors.joining(",")) + ")";
        if (have.size() != want.size()) {
            throw new ModelFormatException(file + ": " + have.size() + " modules with tensors "
                    + have.stream().map(Module::describe).toList() + " but architecture " + a + " needs " + want.size()
                    + ": " + want.stream().map(Module::describe).toList());
        }
        boolean inOrder = true;
        for (int i = 0; i < want.size() && inOrder; i++) inOrder = fits(have.get(i), want.get(i));
        if (inOrder) return have;
        List<List<Module>> found = new ArrayList<>();
        int[] steps = {0};
        search(have, want, new ArrayList<>(), new boolean[have.size()], found, steps);
        if (found.size() == 1 && steps[0] < SEARCH_STEPS) return found.getFirst();
        StringBuilder s = new StringBuilder(file).append(": cannot map the state dict onto ").append(a).append(": ")
                .append(found.isEmpty() ? "no assignment fits the shapes" : "several assignments fit the shapes")
                .append("; candidates:");
        for (Module w : want) {
            s.append(' ').append(w.describe()).append(" <- ")
                    .append(have.stream().filter(h -> fits(h, w)).map(Module::prefix).toList()).append(';');
        }
        throw new ModelFormatException(s.append(hint.substring(2)).toString());
    }

    private static void search(List<Module> have, List<Module> want, List<Module> chosen, boolean[] used,
            List<List<Module>> found, int[] steps) {
        if (found.size() > 1 || ++steps[0] >= SEARCH_STEPS) return;
        int i = chosen.size();
        if (i == want.size()) {
            found.add(List.copyOf(chosen));
            return;
        }
        for (int j = 0; j < have.size(); j++) {
            if (used[j] || !fits(have.get(j), want.get(i))) continue;
            used[j] = true;
            chosen.add(have.get(j));
            search(have, want, chosen, used, found, steps);
            chosen.removeLast();
            used[j] = false;
        }
    }

    /** Compares strings with runs of digits as numbers: {@code fc2 < fc10}. */
    static int naturalCompare(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i), y = b.charAt(j);
            if (digit(x) && digit(y)) {
                int si = i, sj = j;
                while (si < a.length() && a.charAt(si) == '0') si++;
                while (sj < b.length() && b.charAt(sj) == '0') sj++;
                int ei = si, ej = sj;
                while (ei < a.length() && digit(a.charAt(ei))) ei++;
                while (ej < b.length() && digit(b.charAt(ej))) ej++;
                if (ei - si != ej - sj) return Integer.compare(ei - si, ej - sj);
                int c = a.substring(si, ei).compareTo(b.substring(sj, ej));
                if (c != 0) return c;
                i = ei;
                j = ej;
            } else {
                if (x != y) return Character.compare(x, y);
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }
}
