package io.simdnn.examples.scoring;

import io.simdnn.model.Network;
import io.simdnn.model.Predictor;
import io.simdnn.model.Rng;
import io.simdnn.model.io.Json;
import io.simdnn.model.io.ModelFile;
import io.simdnn.spi.Backends;
import io.simdnn.train.data.Dataset;
import io.simdnn.train.data.Datasets;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load test of the {@link ScoringServer} on loopback: {@code concurrency} client threads, each on its own
 * keep-alive connection, send requests back to back for a fixed time. Every answer is checked against predictions
 * made beforehand on one thread with a single-threaded backend of the server's kind (same rows per pass, so the
 * same sums in the same order): the floats parsed from the JSON must equal them bit for bit. Every
 * {@code refusalEvery}-th request is a malformed one, which must get its 4xx status and reason; the next request on
 * the connection must then be served as usual. Latency is measured per request, from writing it to reading the
 * whole answer.
 *
 * <p>The client speaks HTTP/1.1 over a plain socket (one request at a time per connection), so the client costs
 * little of the machine it shares with the server.
 */
public final class LoadTest {

    /** A request with a known answer: its body and the outputs the server must return, bit for bit. */
    public record Probe(String contentType, byte[] body, int rows, float[] expected, int[] classes) {
    }

    /** A request the server must refuse with {@code status} and a reason containing {@code reason}. */
    public record Refusal(String name, String method, String path, String contentType, byte[] body,
                          long declaredLength, int status, String reason) {

        static Refusal of(String name, String method, String path, String contentType, String body, int status,
                          String reason) {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            return new Refusal(name, method, path, contentType, b, b.length, status, reason);
        }
    }

    /** One level of the test: what was sent and how long the answers took. */
    public record Level(int concurrency, long requests, long rows, long refusals, double seconds, long p50Nanos,
                        long p99Nanos, long p999Nanos, long maxNanos) {

        public double requestsPerSecond() {
            return requests / seconds;
        }

        public double rowsPerSecond() {
            return rows / seconds;
        }
    }

    /** Everything that went wrong, across levels; the first few descriptions are kept. */
    public static final class Failures {
        public final AtomicLong wrongResults = new AtomicLong(), unexpectedStatus = new AtomicLong(),
                wrongRefusals = new AtomicLong(), ioErrors = new AtomicLong();
        private final ConcurrentLinkedQueue<String> first = new ConcurrentLinkedQueue<>();
        private final AtomicLong kept = new AtomicLong();

        void add(AtomicLong counter, String what) {
            counter.incrementAndGet();
            if (kept.incrementAndGet() <= 10) first.add(what);
        }

        public long total() {
            return wrongResults.get() + unexpectedStatus.get() + wrongRefusals.get() + ioErrors.get();
        }

        public List<String> examples() {
            return List.copyOf(first);
        }

        @Override
        public String toString() {
            return wrongResults + " wrong results, " + unexpectedStatus + " unexpected statuses on good requests, "
                    + wrongRefusals + " wrong answers to malformed requests, " + ioErrors + " I/O errors"
                    + (first.isEmpty() ? "" : "; first: " + String.join(" | ", first));
        }
    }

    private LoadTest() {
    }

    // ---------------------------------------------------------------- the requests

    /**
     * {@code count} requests of rows drawn (seeded) from {@code pool}, with row counts cycling through
     * {@code batchSizes}; every third is CSV (every sixth with a header line), the rest JSON. The expected outputs
     * come from {@code reference} on this thread.
     */
    public static List<Probe> probes(Network reference, float[] pool, int poolRows, int count, int[] batchSizes,
                                     long seed) {
        int nIn = reference.inputSize(), nOut = reference.outputSize();
        Predictor predictor = reference.newPredictor(ScoringServer.PREDICTOR_ROWS);
        Rng rng = new Rng(seed);
        List<Probe> probes = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            int rows = batchSizes[k % batchSizes.length];
            float[] x = new float[rows * nIn];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(pool, rng.nextInt(poolRows) * nIn, x, r * nIn, nIn);
            }
            float[] y = new float[rows * nOut];
            predictor.predict(rows, x, 0, y, 0);
            int[] classes = new int[rows];
            for (int r = 0; r < rows; r++) {
                classes[r] = ScoringServer.predictedClass(y, r * nOut, nOut, reference.output());
            }
            StringBuilder b = new StringBuilder();
            String type;
            if (k % 3 == 2) {
                boolean header = k % 6 == 5;
                type = header ? "text/csv; header=present" : "text/csv";
                if (header) {
                    for (int j = 0; j < nIn; j++) b.append(j > 0 ? "," : "").append('x').append(j);
                    b.append('\n');
                }
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < nIn; j++) b.append(j > 0 ? "," : "").append(x[r * nIn + j]);
                    b.append(r % 2 == 0 ? "\n" : "\r\n");
                }
            } else {
                type = "application/json";
                b.append(k % 2 == 0 ? "{\"rows\": [" : "[");
                for (int r = 0; r < rows; r++) {
                    b.append(r > 0 ? ", [" : "[");
                    for (int j = 0; j < nIn; j++) b.append(j > 0 ? ", " : "").append(x[r * nIn + j]);
                    b.append(']');
                }
                b.append(k % 2 == 0 ? "]}" : "]");
            }
            probes.add(new Probe(type, b.toString().getBytes(StandardCharsets.US_ASCII), rows, y, classes));
        }
        return probes;
    }

    /** The malformed requests of every kind the server refuses, for a model of {@code features} inputs. */
    public static List<Refusal> refusals(int features, long maxBodyBytes) {
        String zeros = ",0".repeat(features - 1);
        String json = "application/json", csv = "text/csv";
        List<Refusal> list = new ArrayList<>();
        list.add(Refusal.of("truncated JSON", "POST", "/predict", json, "{\"rows\": [[1" + zeros, 400,
                "expected ',' or ']'"));
        list.add(Refusal.of("a row too long", "POST", "/predict", json, "[[1" + zeros + ",7]]", 400,
                "rows[0] has " + (features + 1) + " values; the model takes " + features));
        list.add(Refusal.of("a second row too short", "POST", "/predict", json,
                "[[1" + zeros + "], [1" + ",0".repeat(Math.max(0, features - 2)) + "]]", 400,
                "rows[1] has " + (features - 1) + " values; the model takes " + features));
        list.add(Refusal.of("NaN in JSON", "POST", "/predict", json, "[[NaN" + zeros + "]]", 400,
                "rows[0][0] is 'NaN': the model takes finite numbers only"));
        list.add(Refusal.of("Infinity in CSV", "POST", "/predict", csv, "0" + zeros + "\n-Infinity" + zeros + "\n",
                400, "line 2, column 1 is '-Infinity': the model takes finite numbers only"));
        list.add(Refusal.of("a float overflow", "POST", "/predict", json, "[[1e39" + zeros + "]]", 400,
                "rows[0][0] = '1e39' is outside the range of a float"));
        list.add(Refusal.of("a quoted number", "POST", "/predict", json, "[[\"1\"" + zeros + "]]", 400,
                "numbers must not be quoted"));
        list.add(Refusal.of("no rows", "POST", "/predict", json, "{\"rows\": []}", 400, "no rows"));
        list.add(Refusal.of("an unknown key", "POST", "/predict", json, "{\"inputs\": [[1" + zeros + "]]}", 400,
                "unknown key 'inputs'"));
        list.add(Refusal.of("text after the JSON", "POST", "/predict", json, "[[1" + zeros + "]] x", 400,
                "unexpected text after the JSON value"));
        list.add(Refusal.of("a CSV cell that is not a number", "POST", "/predict", csv, "1,abc" + ",0".repeat(
                Math.max(0, features - 2)) + "\n", 400, "line 1, column 2: 'abc' is not a number"));
        list.add(Refusal.of("a CSV line too short", "POST", "/predict", csv, "1" + zeros + "\n1,2\n", 400,
                "line 2 has 2 columns; the model takes " + features));
        list.add(Refusal.of("a CSV header not declared", "POST", "/predict", csv, "a" + ",b".repeat(features - 1)
                + "\n1" + zeros + "\n", 400, "header=present"));
        list.add(Refusal.of("an empty body", "POST", "/predict", json, "", 400, "the body is empty"));
        list.add(Refusal.of("an unsupported media type", "POST", "/predict", "text/plain", "1" + zeros, 415,
                "unsupported Content-Type text/plain"));
        list.add(Refusal.of("GET /predict", "GET", "/predict", null, "", 405, "use POST /predict"));
        list.add(Refusal.of("POST /health", "POST", "/health", json, "{}", 405, "use GET /health"));
        list.add(Refusal.of("an unknown path", "POST", "/score", json, "[[1" + zeros + "]]", 404,
                "no such path: /score"));
        // Declared too large: refused from the header alone, before a byte of the body is read (it is never sent).
        list.add(new Refusal("a body over the limit", "POST", "/predict", json, new byte[0], maxBodyBytes + 1, 413,
                "over the limit of " + maxBodyBytes + " bytes"));
        return list;
    }

    // ---------------------------------------------------------------- the run

    /**
     * Runs one level: {@code concurrency} connections sending back to back for {@code duration}; every
     * {@code refusalEvery}-th request of a connection (0: none) is a refusal from {@code refusals}.
     */
    public static Level run(InetSocketAddress server, List<Probe> probes, List<Refusal> refusals, int concurrency,
                            Duration duration, int refusalEvery, Failures failures) throws InterruptedException {
        long[][] latencies = new long[concurrency][];
        int[] counts = new int[concurrency];
        long[] rowCounts = new long[concurrency], refusalCounts = new long[concurrency];
        CountDownLatch ready = new CountDownLatch(concurrency), go = new CountDownLatch(1);
        long[] window = new long[2];
        Thread[] clients = new Thread[concurrency];
        for (int c = 0; c < concurrency; c++) {
            int id = c;
            clients[c] = new Thread(() -> {
                long[] lat = new long[1 << 14];
                int n = 0;
                long rows = 0, refused = 0;
                Client client = new Client(server);
                try {
                    ready.countDown();
                    go.await();
                    long deadline = window[1];
                    int next = id * 101;  // each connection starts elsewhere in the probe list
                    for (long i = 1; System.nanoTime() < deadline; i++) {
                        if (refusalEvery > 0 && i % refusalEvery == 0) {
                            Refusal r = refusals.get((int) ((id + i / refusalEvery) % refusals.size()));
                            checkRefusal(client, r, failures);
                            refused++;
                            continue;
                        }
                        Probe p = probes.get(next++ % probes.size());
                        long t0 = System.nanoTime();
                        Response response;
                        try {
                            response = client.send("POST", "/predict", p.contentType(), p.body(), p.body().length);
                        } catch (IOException e) {
                            failures.add(failures.ioErrors, "I/O error on a good request: " + e);
                            client.close();
                            continue;
                        }
                        long t1 = System.nanoTime();
                        if (n == lat.length) lat = Arrays.copyOf(lat, 2 * n);
                        lat[n++] = t1 - t0;
                        rows += p.rows();
                        String problem = response.status() != 200 ? null : compare(response.text(), p);
                        if (response.status() != 200) {
                            failures.add(failures.unexpectedStatus, "status " + response.status() + " for a good"
                                    + " request of " + p.rows() + " rows: " + response.text());
                        } else if (problem != null) {
                            failures.add(failures.wrongResults, problem);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    client.close();
                    latencies[id] = lat;
                    counts[id] = n;
                    rowCounts[id] = rows;
                    refusalCounts[id] = refused;
                }
            }, "load-client-" + c);
            clients[c].start();
        }
        ready.await();
        window[0] = System.nanoTime();
        window[1] = window[0] + duration.toNanos();
        go.countDown();
        for (Thread t : clients) t.join();
        double seconds = (System.nanoTime() - window[0]) / 1e9;
        int total = 0;
        for (int n : counts) total += n;
        long[] all = new long[total];
        int at = 0;
        long rows = 0, refused = 0;
        for (int c = 0; c < concurrency; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
            rows += rowCounts[c];
            refused += refusalCounts[c];
        }
        Arrays.sort(all);
        return new Level(concurrency, total, rows, refused, seconds, percentile(all, 0.50), percentile(all, 0.99),
                percentile(all, 0.999), total == 0 ? 0 : all[total - 1]);
    }

    private static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) return 0;
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }

    /** Sends a refusal and checks its status and reason; a connection the server closes is opened again. */
    static void checkRefusal(Client client, Refusal r, Failures failures) {
        try {
            Response response = client.send(r.method(), r.path(), r.contentType(), r.body(), r.declaredLength());
            String problem = null;
            if (response.status() != r.status()) {
                problem = "status " + response.status() + " instead of " + r.status();
            } else {
                String error;
                try {
                    error = String.valueOf(Json.parseObject(response.text()).get("error"));
                } catch (RuntimeException e) {
                    error = null;
                }
                if (error == null || !error.contains(r.reason())) {
                    problem = "reason " + response.text() + " does not contain \"" + r.reason() + "\"";
                }
            }
            if (problem != null) failures.add(failures.wrongRefusals, r.name() + ": " + problem);
        } catch (IOException e) {
            failures.add(failures.wrongRefusals, r.name() + ": I/O error " + e);
            client.close();
        }
        if (r.body().length < r.declaredLength()) client.close();  // the body promised was never sent
    }

    /**
     * Null when the JSON answer holds exactly the probe's outputs (floats parsed with {@link Float#parseFloat},
     * compared bit for bit) and classes; otherwise what differs.
     */
    static String compare(String json, Probe p) {
        int n = p.expected().length / p.rows();
        String key = json.contains("\"probabilities\":") ? "\"probabilities\":" : "\"values\":";
        if (!json.startsWith("{\"rows\":" + p.rows() + ",")) return "not an answer for " + p.rows() + " rows: " + json;
        int at = json.indexOf(key);
        if (at < 0) return "no outputs in " + json;
        int pos = at + key.length();
        int end = json.indexOf("]]", pos);
        if (end < 0) return "unterminated outputs in " + json;
        String[] cells = json.substring(pos, end).replace("[", "").replace("]", "").split(",");
        if (cells.length != p.expected().length) {
            return cells.length + " outputs instead of " + p.expected().length + " in " + json;
        }
        for (int i = 0; i < cells.length; i++) {
            float got;
            try {
                got = Float.parseFloat(cells[i]);
            } catch (NumberFormatException e) {
                return "output " + i + " is " + cells[i];
            }
            float want = p.expected()[i];
            if (Float.floatToRawIntBits(got) != Float.floatToRawIntBits(want)) {
                return "row " + (i / n) + " of " + p.rows() + ", output " + (i % n) + ": " + got + " instead of " + want
                        + " (single-threaded)";
            }
        }
        if (key.equals("\"probabilities\":")) {
            int c = json.indexOf("\"classes\":[", end);
            if (c < 0) return "no classes in " + json;
            int close = json.indexOf(']', c);
            String[] classes = json.substring(c + 11, close).split(",");
            if (classes.length != p.rows()) return classes.length + " classes instead of " + p.rows();
            for (int r = 0; r < p.rows(); r++) {
                if (Integer.parseInt(classes[r]) != p.classes()[r]) {
                    return "row " + r + ": class " + classes[r] + " instead of " + p.classes()[r];
                }
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- a minimal HTTP/1.1 client

    /** A status and body. */
    public record Response(int status, byte[] body, boolean closed) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** One keep-alive connection, opened on first use and again after the server closes it. */
    public static final class Client implements AutoCloseable {
        private final InetSocketAddress server;
        private final String host;
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private final byte[] line = new byte[8192];

        public Client(InetSocketAddress server) {
            this.server = server;
            this.host = "Host: " + server.getHostString() + ":" + server.getPort() + "\r\n";
        }

        /**
         * Sends one request and reads its answer. {@code declaredLength} is the Content-Length sent; when it is
         * more than the body, the rest is never sent (the server must refuse it from the header).
         */
        public Response send(String method, String path, String contentType, byte[] body, long declaredLength)
                throws IOException {
            if (socket == null) {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.connect(server, 5_000);
                socket.setSoTimeout(30_000);
                in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
                out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            }
            StringBuilder h = new StringBuilder(160).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append(host);
            if (contentType != null) h.append("Content-Type: ").append(contentType).append("\r\n");
            if (!method.equals("GET") || declaredLength > 0) {
                h.append("Content-Length: ").append(declaredLength).append("\r\n");
            }
            out.write(h.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return read();
        }

        private Response read() throws IOException {
            String status = readLine();
            if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
                throw new IOException("not an HTTP/1.1 status line: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean close = false, chunked = false;
            for (String header; !(header = readLine()).isEmpty(); ) {
                int colon = header.indexOf(':');
                if (colon < 0) continue;
                String name = header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).strip();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    default -> { }
                }
            }
            byte[] body;
            if (chunked) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                for (int size; (size = Integer.parseInt(readLine().split(";")[0].strip(), 16)) > 0; ) {
                    b.write(in.readNBytes(size));
                    readLine();
                }
                while (!readLine().isEmpty()) { }  // trailers
                body = b.toByteArray();
            } else if (length >= 0) {
                body = in.readNBytes((int) length);
                if (body.length < length) throw new EOFException("the body ended after " + body.length + " bytes");
            } else {
                body = in.readAllBytes();
                close = true;
            }
            if (close) close();
            return new Response(code, body, close);
        }

        private String readLine() throws IOException {
            int n = 0;
            for (int c; (c = in.read()) != '\n'; ) {
                if (c < 0) throw new EOFException("the server closed the connection");
                if (n == line.length) throw new IOException("a header line over " + line.length + " bytes");
                line[n++] = (byte) c;
            }
            if (n > 0 && line[n - 1] == '\r') n--;
            return new String(line, 0, n, StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing anyway
                }
                socket = null;
            }
        }
    }

    // ---------------------------------------------------------------- main

    private static final String USAGE = """
            Usage: LoadTest --model FILE [--url http://127.0.0.1:PORT] [--server-threads N] [--concurrency 1,2,4,8,16]
                            [--seconds S] [--warmup S] [--batch N] [--refusal-every N]
              --model FILE        the model the server serves (for the single-threaded reference predictions)
              --url URL           a running server on loopback; without it one is started in this JVM
              --server-threads N  worker threads of the server started here (default 4)
              --concurrency LIST  client connections per level (default 1,2,4,8,16)
              --seconds S         seconds per level (default 10); --warmup S before the first level (default 5)
              --batch N           rows per request (default 1)
              --refusal-every N   every N-th request of a connection is malformed (default 50; 0: none)
            Run with --add-modules jdk.incubator.vector (the reference uses the server's backend on one thread).""";

    public static void main(String[] args) throws Exception {
        Path model = null;
        String url = null;
        int serverThreads = 4, batch = 1, refusalEvery = 50;
        double seconds = 10, warmup = 5;
        int[] levels = {1, 2, 4, 8, 16};
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("-h") || a.equals("--help")) {
                    System.out.println(USAGE);
                    return;
                }
                if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
                String v = args[++i];
                switch (a) {
                    case "--model" -> model = Path.of(v);
                    case "--url" -> url = v;
                    case "--server-threads" -> serverThreads = Integer.parseInt(v);
                    case "--concurrency" -> levels = Arrays.stream(v.split(",")).mapToInt(s -> Integer.parseInt(s.strip()))
                            .toArray();
                    case "--seconds" -> seconds = Double.parseDouble(v);
                    case "--warmup" -> warmup = Double.parseDouble(v);
                    case "--batch" -> batch = Integer.parseInt(v);
                    case "--refusal-every" -> refusalEvery = Integer.parseInt(v);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (model == null) throw new IllegalArgumentException("--model FILE is required");
            if (batch < 1 || serverThreads < 1 || seconds <= 0 || warmup < 0 || refusalEvery < 0) {
                throw new IllegalArgumentException("--batch, --server-threads and --seconds must be positive");
            }
            for (int c : levels) if (c < 1) throw new IllegalArgumentException("--concurrency " + c + " must be positive");
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }

        PrintStream o = System.out;
        ScoringServer local = null;
        InetSocketAddress address;
        Map<String, Object> health;
        if (url == null) {
            local = ScoringServer.start(ModelFile.load(model), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    serverThreads, ScoringServer.DEFAULT_MAX_BODY_BYTES);
            address = new InetSocketAddress(InetAddress.getLoopbackAddress(), local.port());
        } else {
            URI u = URI.create(url);
            address = new InetSocketAddress(InetAddress.getByName(u.getHost()), u.getPort() < 0 ? 80 : u.getPort());
            if (!address.getAddress().isLoopbackAddress()) {
                System.err.println("error: " + url + " is not on loopback: the load test runs against this machine only");
                System.exit(2);
            }
        }
        health = health(address);
        String backend = (String) health.get("backend");
        Network reference = ModelFile.load(model, Backends.get(backend, 1));
        float[] pool = rowPool(reference.inputSize());
        int poolRows = pool.length / reference.inputSize();
        List<Probe> probes = probes(reference, pool, poolRows, 512, new int[] {batch}, 7);
        List<Refusal> refusals = refusals(reference.inputSize(), ((Number) health.get("maxBodyBytes")).longValue());

        o.println("Server:  " + (local != null ? "in this JVM" : url) + ", " + health.get("model") + ", "
                + health.get("workers") + " worker threads, backend " + backend + " with " + health.get("backendThreads")
                + " threads per kernel");
        o.println("Client:  " + batch + (batch == 1 ? " row" : " rows") + " per request, JSON and CSV; every "
                + refusalEvery + "th request malformed (" + refusals.size() + " kinds); " + seconds + " s per level after "
                + warmup + " s of warm-up; CPU: " + Runtime.getRuntime().availableProcessors() + " processors, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        Failures failures = new Failures();
        if (warmup > 0) {
            run(address, probes, refusals, levels[levels.length - 1], Duration.ofMillis((long) (warmup * 1000)),
                    refusalEvery, failures);
        }
        o.println();
        o.println("| connections | requests/s | rows/s | p50 µs | p99 µs | p99.9 µs | max µs | requests | malformed"
                + " | in the server: parse µs | predict µs | answer µs |");
        o.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (int c : levels) {
            Map<String, Object> before = health(address);
            Level l = run(address, probes, refusals, c, Duration.ofMillis((long) (seconds * 1000)), refusalEvery,
                    failures);
            Map<String, Object> after = health(address);
            double answered = Math.max(1, delta(before, after, "answered"));
            o.printf(Locale.ROOT, "| %d | %,.0f | %,.0f | %.0f | %.0f | %.0f | %.0f | %,d | %,d | %.1f | %.1f | %.1f |%n",
                    c, l.requestsPerSecond(), l.rowsPerSecond(), l.p50Nanos() / 1e3, l.p99Nanos() / 1e3,
                    l.p999Nanos() / 1e3, l.maxNanos() / 1e3, l.requests(), l.refusals(),
                    delta(before, after, "readAndParseNanos") / answered / 1e3,
                    delta(before, after, "predictNanos") / answered / 1e3,
                    delta(before, after, "writeAnswerNanos") / answered / 1e3);
        }
        o.println();
        o.println(failures.total() == 0 ? "Every answer equal to the single-threaded predictions bit for bit; every"
                + " malformed request refused with its status and reason." : "FAILURES: " + failures);
        if (local != null) {
            o.println("Server-side faults (500): " + local.failures());
            local.close();
        }
        System.exit(failures.total() == 0 ? 0 : 1);
    }

    private static Map<String, Object> health(InetSocketAddress address) throws IOException {
        try (Client c = new Client(address)) {
            Response r = c.send("GET", "/health", null, new byte[0], 0);
            if (r.status() != 200) throw new IOException("GET /health answered " + r.status() + ": " + r.text());
            return Json.parseObject(r.text());
        }
    }

    private static double delta(Map<String, Object> before, Map<String, Object> after, String key) {
        return ((Number) after.get(key)).doubleValue() - ((Number) before.get(key)).doubleValue();
    }

    /** Rows to send: an embedded data set with the model's number of inputs, or seeded uniform values in [-2, 2). */
    static float[] rowPool(int features) {
        for (String name : Datasets.names()) {
            Dataset d = Datasets.load(name);
            if (d.featureCount() == features) return d.features();
        }
        Rng rng = new Rng(11);
        float[] x = new float[1000 * features];
        for (int i = 0; i < x.length; i++) x[i] = (float) (4 * rng.nextDouble() - 2);
        return x;
    }
}
