package io.simdnn.examples.scoring;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.simdnn.examples.scoring.RowParser.BadRequest;
import io.simdnn.model.Network;
import io.simdnn.model.Output;
import io.simdnn.model.Predictor;
import io.simdnn.model.io.Json;
import io.simdnn.model.io.ModelFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A trained model served over HTTP with the JDK's {@link HttpServer}: one shared, immutable {@link Network}, and per
 * worker thread of a fixed pool one {@link Predictor} with the buffers of a request (body bytes, rows, outputs,
 * response), reused from request to request.
 *
 * <ul>
 *   <li>{@code POST /predict} with {@code Content-Type: application/json} ({@code {"rows": [[x, ...], ...]}} or a
 *       bare array of rows) or {@code text/csv} (one row per line; {@code text/csv; header=present} skips a header
 *       line). The answer is JSON: {@code {"rows":n,"probabilities":[[...],...],"classes":[...]}} for a softmax or
 *       sigmoid model, {@code {"rows":n,"values":[[...],...]}} for a linear one. Floats are printed with
 *       {@link Float#toString}, so {@link Float#parseFloat} gives back the exact values.</li>
 *   <li>{@code GET /health}: the model, its sizes, the backend, the request counters, and the time the answered
 *       requests spent in the server, summed per phase (reading and parsing the body, the model, writing the
 *       answer).</li>
 *   <li>Refusals are JSON {@code {"error":"reason"}}: 400 (malformed body, wrong number of values, NaN or infinite
 *       values), 404 (unknown path), 405 (wrong method), 413 (body over the limit), 415 (neither JSON nor CSV),
 *       422 (the model's output is not finite for these inputs); 500 only for a fault of the server, which is
 *       logged with its stack.</li>
 * </ul>
 */
public final class ScoringServer implements AutoCloseable {

    /**
     * The rows a worker's predictor computes in one pass; larger requests run in chunks of this many rows. The load
     * test's single-threaded reference uses the same value, so both group rows identically.
     */
    public static final int PREDICTOR_ROWS = 64;

    /** The default limit on a request body: 1 MiB (some 8,000 rows of 64 features). */
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

    private static final System.Logger LOG = System.getLogger(ScoringServer.class.getName());

    private final Network network;
    private final HttpServer http;
    private final ExecutorService workers;
    private final int threads;
    private final int maxBodyBytes;
    private final ThreadLocal<Worker> worker;
    private final AtomicLong predicted = new AtomicLong(), refused = new AtomicLong(), failed = new AtomicLong();
    /** Where the answered requests' time went inside the server, summed: body read and parsed, model, answer. */
    private final LongAdder answered = new LongAdder(), parseNanos = new LongAdder(), predictNanos = new LongAdder(),
            writeNanos = new LongAdder();

    private ScoringServer(Network network, InetSocketAddress address, int threads, int maxBodyBytes)
            throws IOException {
        if (threads < 1) throw new IllegalArgumentException("threads = " + threads + " must be at least 1");
        if (maxBodyBytes < 1) throw new IllegalArgumentException("maxBodyBytes = " + maxBodyBytes + " must be positive");
        this.network = network;
        this.threads = threads;
        this.maxBodyBytes = maxBodyBytes;
        this.worker = ThreadLocal.withInitial(() -> new Worker(network));
        // Without TCP_NODELAY a response written in two segments (headers, body) waits for the client's delayed
        // ACK: some 40 ms per request on Linux. The JDK server reads this property once, when it first starts.
        setIfAbsent("sun.net.httpserver.nodelay", "true");
        // A client that sends its headers and then stalls would hold a worker thread for good: the JDK server
        // closes a connection whose request has not been answered within this many seconds.
        setIfAbsent("sun.net.httpserver.maxReqTime", "60");
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "scoring-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.http = HttpServer.create(address, 256);
        http.createContext("/", this::handle);
        http.setExecutor(workers);
        http.start();
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) System.setProperty(property, value);
    }

    /**
     * Starts serving {@code network} on {@code address} (port 0: any free port) with {@code threads} worker threads,
     * refusing bodies over {@code maxBodyBytes}.
     */
    public static ScoringServer start(Network network, InetSocketAddress address, int threads, int maxBodyBytes)
            throws IOException {
        return new ScoringServer(network, address, threads, maxBodyBytes);
    }

    /** The port the server listens on. */
    public int port() {
        return http.getAddress().getPort();
    }

    public Network network() {
        return network;
    }

    /** Requests answered 500 so far: faults of the server, each logged with its stack. */
    public long failures() {
        return failed.get();
    }

    /** Stops accepting connections, lets exchanges in progress finish for up to a second, and stops the workers. */
    @Override
    public void close() {
        http.stop(1);
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- requests

    private void handle(HttpExchange exchange) {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            switch (path) {
                case "/predict" -> {
                    if (method.equals("POST")) predict(exchange);
                    else methodNotAllowed(exchange, method, path, "POST");
                }
                case "/health" -> {
                    if (method.equals("GET")) health(exchange);
                    else methodNotAllowed(exchange, method, path, "GET");
                }
                default -> refuse(exchange, 404, "no such path: " + path
                        + " (the service answers POST /predict and GET /health)");
            }
        } catch (IOException e) {
            // The client went away during the exchange: there is no one to answer.
        } catch (RuntimeException | Error e) {
            // A fault of the server: log it, answer 500 if no answer has started, and close the exchange.
            failed.incrementAndGet();
            LOG.log(System.Logger.Level.ERROR, "request failed", e);
            if (exchange.getResponseCode() < 0) {
                try {
                    respond(exchange, 500, Json.write(Map.of("error", "internal error: " + e)));
                } catch (IOException | RuntimeException ignored) {
                    // the connection is closed below in any case
                }
            }
        }
    }

    private void predict(HttpExchange exchange) throws IOException {
        Worker w = worker.get();
        long t0 = System.nanoTime();
        try {
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            boolean csv = isCsv(type);
            int length = w.readBody(exchange, maxBodyBytes);
            if (csv) w.parser.parseCsv(w.body, length, csvHeader(type));
            else w.parser.parseJson(w.body, length);
            int rows = w.parser.rows();
            float[] y = w.outputs(rows);
            long t1 = System.nanoTime();
            try {
                w.predictor.predict(rows, w.parser.values(), 0, y, 0);
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                LOG.log(System.Logger.Level.ERROR, "predict failed on " + rows + (rows == 1 ? " row" : " rows"), e);
                respond(exchange, 500, Json.write(Map.of("error", "internal error: " + e)));
                return;
            }
            long t2 = System.nanoTime();
            w.writeResponse(rows, y);
            long t3 = System.nanoTime();
            parseNanos.add(t1 - t0);
            predictNanos.add(t2 - t1);
            writeNanos.add(t3 - t2);
            answered.increment();
            predicted.addAndGet(rows);
            send(exchange, 200, w.response, w.responseLength);
        } catch (BadRequest e) {
            if (e.status == 413) exchange.getResponseHeaders().set("Connection", "close");
            refuse(exchange, e.status, e.getMessage());
        }
    }

    /** JSON or CSV, from the media type (parameters such as charset are ignored; the body is read as ASCII). */
    private static boolean isCsv(String contentType) throws BadRequest {
        String media = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return switch (media) {
            case "application/json" -> false;
            case "text/csv" -> true;
            default -> throw new BadRequest(415, (contentType == null ? "no Content-Type"
                    : "unsupported Content-Type " + contentType) + ": send application/json or text/csv");
        };
    }

    /** RFC 4180's optional parameter: {@code text/csv; header=present} says the first line is a header. */
    private static boolean csvHeader(String contentType) throws BadRequest {
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            if (kv.length == 2 && kv[0].strip().equalsIgnoreCase("header")) {
                String v = kv[1].strip().toLowerCase(Locale.ROOT);
                if (v.equals("present")) return true;
                if (v.equals("absent")) return false;
                throw new BadRequest(400, "header=" + kv[1].strip() + " in the Content-Type: use header=present or"
                        + " header=absent");
            }
        }
        return false;
    }

    /** The health answer: the model, the backend, the counters, and the time answered requests took in phases. */
    private void health(HttpExchange exchange) throws IOException {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("status", "ok");
        h.put("model", network.architecture().toString());
        h.put("inputs", network.inputSize());
        h.put("outputs", network.outputSize());
        h.put("output", network.output().name().toLowerCase(Locale.ROOT));
        h.put("backend", network.backend().name());
        h.put("backendThreads", network.backend().threads());
        h.put("workers", threads);
        h.put("maxBodyBytes", maxBodyBytes);
        h.put("rowsPredicted", predicted.get());
        h.put("refused", refused.get());
        h.put("failed", failed.get());
        h.put("answered", answered.sum());
        h.put("readAndParseNanos", parseNanos.sum());
        h.put("predictNanos", predictNanos.sum());
        h.put("writeAnswerNanos", writeNanos.sum());
        respond(exchange, 200, Json.write(h));
    }

    private void methodNotAllowed(HttpExchange exchange, String method, String path, String allowed)
            throws IOException {
        exchange.getResponseHeaders().set("Allow", allowed);
        refuse(exchange, 405, method + " " + path + " is not served: use " + allowed + " " + path);
    }

    private void refuse(HttpExchange exchange, int status, String reason) throws IOException {
        refused.incrementAndGet();
        respond(exchange, status, Json.write(Map.of("error", reason)));
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        send(exchange, status, body, body.length);
    }

    private static void send(HttpExchange exchange, int status, byte[] body, int length) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body, 0, length);
        }
    }

    /** The class of one row of outputs, as {@code simdnn predict} gives it: one sigmoid unit is p ≥ 0.5, else argmax. */
    static int predictedClass(float[] y, int off, int n, Output link) {
        if (n == 1 && link == Output.SIGMOID) return y[off] >= 0.5f ? 1 : 0;
        int best = 0;
        for (int j = 1; j < n; j++) if (y[off + j] > y[off + best]) best = j;
        return best;
    }

    // ---------------------------------------------------------------- one worker thread's state

    /** What one worker thread reuses from request to request: its predictor and every buffer of a request. */
    private static final class Worker {
        final Network network;
        final Predictor predictor;
        final RowParser parser;
        byte[] body = new byte[16 * 1024];
        float[] y;
        final StringBuilder text = new StringBuilder(4096);
        byte[] response = new byte[4096];
        int responseLength;

        Worker(Network network) {
            this.network = network;
            this.predictor = network.newPredictor(PREDICTOR_ROWS);
            this.parser = new RowParser(network.inputSize());
            this.y = new float[PREDICTOR_ROWS * network.outputSize()];
        }

        /** Reads the body into {@link #body}; 413 when it is longer than {@code max} bytes. */
        int readBody(HttpExchange exchange, int max) throws IOException, BadRequest {
            String declared = exchange.getRequestHeaders().getFirst("Content-Length");
            if (declared != null) {
                long n;
                try {
                    n = Long.parseLong(declared.strip());
                } catch (NumberFormatException e) {
                    throw new BadRequest(400, "Content-Length " + declared + " is not a number");
                }
                if (n > max) throw tooLarge(n + " bytes", max);
            }
            InputStream in = exchange.getRequestBody();
            int length = 0;
            while (true) {
                if (length == body.length) {
                    if (length > max) throw tooLarge("more than " + max + " bytes", max);
                    body = Arrays.copyOf(body, Math.min(2 * body.length, max + 1));
                }
                int r = in.read(body, length, body.length - length);
                if (r < 0) break;
                length += r;
                if (length > max) throw tooLarge("more than " + max + " bytes", max);
            }
            return length;
        }

        private static BadRequest tooLarge(String size, int max) {
            return new BadRequest(413, "the body has " + size + ", over the limit of " + max
                    + " bytes: send fewer rows per request");
        }

        float[] outputs(int rows) {
            int n = rows * network.outputSize();
            if (y.length < n) y = new float[n];
            return y;
        }

        /** The JSON answer into {@link #response}; 422 when an output is not finite (JSON has no NaN). */
        void writeResponse(int rows, float[] y) throws BadRequest {
            int n = network.outputSize();
            Output link = network.output();
            boolean probabilities = link != Output.LINEAR;
            for (int i = 0; i < rows * n; i++) {
                if (!Float.isFinite(y[i])) {
                    throw new BadRequest(422, "the model's output for row " + (i / n) + " is not finite: its inputs"
                            + " are far outside the range the model was trained on");
                }
            }
            StringBuilder t = text;
            t.setLength(0);
            t.append("{\"rows\":").append(rows).append(probabilities ? ",\"probabilities\":[" : ",\"values\":[");
            for (int r = 0; r < rows; r++) {
                t.append(r == 0 ? "[" : ",[");
                for (int j = 0; j < n; j++) {
                    if (j > 0) t.append(',');
                    t.append(y[r * n + j]);
                }
                t.append(']');
            }
            t.append(']');
            if (probabilities) {
                t.append(",\"classes\":[");
                for (int r = 0; r < rows; r++) {
                    if (r > 0) t.append(',');
                    t.append(predictedClass(y, r * n, n, link));
                }
                t.append(']');
            }
            t.append('}');
            int len = t.length();
            if (response.length < len) response = new byte[Math.max(len, 2 * response.length)];
            for (int i = 0; i < len; i++) response[i] = (byte) t.charAt(i);  // all ASCII
            responseLength = len;
        }
    }

    // ---------------------------------------------------------------- main

    private static final String USAGE = """
            Usage: ScoringServer --model FILE [--host ADDRESS] [--port N] [--threads N] [--max-body BYTES]
              --model FILE      a model saved by 'simdnn train --out' (safetensors with the architecture)
              --host ADDRESS    the address to listen on (default 127.0.0.1: this machine only)
              --port N          the port (default 8080; 0 picks a free one)
              --threads N       worker threads, one predictor each (default: the available processors)
              --max-body BYTES  the largest request body accepted (default 1048576)
            Run with --add-modules jdk.incubator.vector for the SIMD backend; -Dsimdnn.threads=N sets its threads
            per kernel, -Dsimdnn.backend=scalar|simd forces a backend.
            Endpoints: POST /predict (application/json or text/csv), GET /health.""";

    public static void main(String[] args) throws Exception {
        Path model = null;
        String host = "127.0.0.1";
        int port = 8080, threads = Runtime.getRuntime().availableProcessors(), maxBody = DEFAULT_MAX_BODY_BYTES;
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
                    case "--host" -> host = v;
                    case "--port" -> port = intOption(a, v, 0, 65535);
                    case "--threads" -> threads = intOption(a, v, 1, 1024);
                    case "--max-body" -> maxBody = intOption(a, v, 1, Integer.MAX_VALUE - 8);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (model == null) throw new IllegalArgumentException("--model FILE is required");
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        Network network;
        try {
            if (!Files.isRegularFile(model)) throw new IOException(model + ": no such file");
            network = ModelFile.load(model);
        } catch (IOException e) {  // a ModelFormatException names the file and the problem
            System.err.println("error: " + e.getMessage());
            System.exit(1);
            return;
        }
        ScoringServer server;
        try {
            server = start(network, new InetSocketAddress(host, port), threads, maxBody);
        } catch (IOException e) {
            System.err.println("error: cannot listen on " + host + ":" + port + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "scoring-shutdown"));
        PrintStream o = System.out;
        o.println("Serving " + network.architecture() + " from " + model + " on http://" + host + ":" + server.port()
                + " (" + threads + " worker threads, backend " + network.backend().name() + " with "
                + network.backend().threads() + " threads per kernel)");
        o.println("  POST /predict (application/json or text/csv), GET /health; Ctrl-C stops");
    }

    private static int intOption(String name, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw new IllegalArgumentException(name + " " + value + ": expected a whole number from " + min + " to " + max);
    }
}
