package io.simdnn.examples.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.examples.scoring.LoadTest.Client;
import io.simdnn.examples.scoring.LoadTest.Failures;
import io.simdnn.examples.scoring.LoadTest.Level;
import io.simdnn.examples.scoring.LoadTest.Probe;
import io.simdnn.examples.scoring.LoadTest.Refusal;
import io.simdnn.examples.scoring.LoadTest.Response;
import io.simdnn.model.Network;
import io.simdnn.model.Output;
import io.simdnn.model.io.Json;
import io.simdnn.model.io.ModelFile;
import io.simdnn.spi.Activation;
import io.simdnn.spi.Backends;
import io.simdnn.train.Optimizers;
import io.simdnn.train.Trainer;
import io.simdnn.train.TrainingConfig;
import io.simdnn.train.data.Dataset;
import io.simdnn.train.data.Datasets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scoring service as a user runs it: a digits model trained through the library and saved to a file, loaded
 * by the server, served on loopback to many connections at once. Every answer must equal the single-threaded
 * predictions bit for bit and every malformed request must get its status and reason, while the server keeps
 * serving. No timing is asserted.
 */
class ScoringServiceTest {

    /** Small enough that oversized bodies are cheap to send; far above every good request here. */
    private static final int MAX_BODY = 64 * 1024;

    private static final int STALL_SECONDS = 4;

    @TempDir
    static Path dir;

    static Path modelFile;
    static ScoringServer server;
    static InetSocketAddress address;
    static Network reference;
    static Dataset digits;

    @BeforeAll
    static void trainAndServe() throws IOException {
        digits = Datasets.load("digits");
        // The architecture 'simdnn train' gives digits: requests of 4 rows and more are large enough for the simd
        // backend to split them over its helper threads, so concurrent requests share them.
        Network initial = Network.builder().input(64).dense(128, Activation.RELU).dense(10).output(Output.SOFTMAX)
                .seed(3).build();
        TrainingConfig config = TrainingConfig.builder().optimizer(Optimizers.adam(0.01)).epochs(3).batchSize(64)
                .seed(1).build();
        Network trained = new Trainer().fit(initial, digits, null, config).network();
        modelFile = dir.resolve("digits.safetensors");
        ModelFile.save(trained, modelFile);

        // Shorter than the server's default of 60 s, so that the stalled-client test below takes seconds. The JDK
        // server reads it once, when its first instance starts.
        System.setProperty("sun.net.httpserver.maxReqTime", String.valueOf(STALL_SECONDS));
        Network served = ModelFile.load(modelFile);  // the default backend, as a user's server gets it
        server = ScoringServer.start(served, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4, MAX_BODY);
        address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
        reference = ModelFile.load(modelFile, Backends.get(served.backend().name(), 1));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void answersUnderConcurrencyEqualTheSingleThreadedPredictionsAndRefusalsKeepTheServerServing()
            throws Exception {
        // Row counts across the kernels' regimes: 1 (batch-1 dot products), 2-16 (small-m), 17-64 (packed), and
        // past the predictor's 64 rows (two passes).
        List<Probe> probes = LoadTest.probes(reference, digits.features(), digits.rows(), 240,
                new int[] {1, 1, 3, 1, 8, 1, 2, 16, 1, 5, 17, 1, 64, 1, 70}, 5);
        List<Refusal> refusals = LoadTest.refusals(64, MAX_BODY);
        Failures failures = new Failures();
        long requests = 0, malformed = 0;
        for (int connections : new int[] {1, 2, 4, 8, 16}) {
            Level level = LoadTest.run(address, probes, refusals, connections, Duration.ofMillis(1500), 7, failures);
            assertTrue(level.requests() > 0, "no request answered with " + connections + " connections");
            System.out.printf("scoring service, %2d connections: %,6d requests, %,7d rows, %,5d malformed%n",
                    connections, level.requests(), level.rows(), level.refusals());
            requests += level.requests();
            malformed += level.refusals();
        }
        assertEquals(0, failures.total(), () -> failures.toString());
        assertTrue(malformed >= refusals.size(), "only " + malformed + " malformed requests sent");
        assertEquals(0, server.failures(), "requests answered 500");
        Map<String, Object> health = health();
        assertEquals("ok", health.get("status"));
        assertTrue(((Number) health.get("rowsPredicted")).longValue() > requests, health.toString());
    }

    @Test
    void everyKindOfMalformedRequestIsRefusedWithItsReasonAndTheNextRequestIsServed() throws IOException {
        Probe good = LoadTest.probes(reference, digits.features(), digits.rows(), 1, new int[] {3}, 9).get(0);
        try (Client client = new Client(address)) {
            for (Refusal r : LoadTest.refusals(64, MAX_BODY)) {
                Failures failures = new Failures();
                LoadTest.checkRefusal(client, r, failures);
                assertEquals(0, failures.total(), () -> failures.toString());
                Response answer = client.send("POST", "/predict", good.contentType(), good.body(), good.body().length);
                assertEquals(200, answer.status(), r.name() + ", then: " + answer.text());
                assertEquals(null, LoadTest.compare(answer.text(), good));
            }
        }
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWith413AndNothingElseBreaks() throws Exception {
        byte[] huge = ("[[" + "0,".repeat(MAX_BODY / 2) + "0]]").getBytes(StandardCharsets.US_ASCII);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            // ofInputStream has no length: the body goes chunked, so only counting its bytes finds it too large.
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/predict"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge)))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(413, response.statusCode(), response.body());
            assertTrue(response.body().contains("more than " + MAX_BODY + " bytes, over the limit"), response.body());
        } finally {
            http.close();
        }
        assertEquals("ok", health().get("status"));
    }

    @Test
    void csvAndJsonOfTheSameRowsGiveTheSameAnswer() throws IOException {
        String json = "{\"rows\": [[" + row(0) + "], [" + row(1) + "]]}";
        String csv = "x" + ",x".repeat(63) + "\r\n" + row(0) + "\r\n\r\n" + row(1) + "\r\n";
        try (Client client = new Client(address)) {
            Response a = client.send("POST", "/predict", "application/json", bytes(json), json.length());
            Response b = client.send("POST", "/predict", "text/csv; header=present; charset=utf-8", bytes(csv),
                    csv.length());
            assertEquals(200, a.status(), a.text());
            assertEquals(a.text(), b.text());
            Map<String, Object> answer = Json.parseObject(a.text());
            assertEquals(2L, answer.get("rows"));
            assertEquals(2, ((List<?>) answer.get("classes")).size());
        }
    }

    @Test
    void inputsSoLargeThatTheOutputIsNotFiniteAre422NotInvalidJson() throws IOException {
        String json = "[[" + "3e38,".repeat(63) + "3e38]]";
        try (Client client = new Client(address)) {
            Response r = client.send("POST", "/predict", "application/json", bytes(json), json.length());
            // softmax of infinite logits is NaN: JSON cannot carry it, and it is no probability
            assertEquals(422, r.status(), r.text());
            assertTrue(r.text().contains("is not finite"), r.text());
        }
    }

    @Test
    void bytesThatAreNotHttpGetAnErrorFromTheServerWhichKeepsServing() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(address, 5_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("\u0000\u0001 not http at all\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            // The JDK server answers such a request line itself (400, or 404: no context for that "path") and closes.
            assertTrue(answer.startsWith("HTTP/1.1 400") || answer.startsWith("HTTP/1.1 404"), answer);
        }
        assertEquals("ok", health().get("status"));
    }

    @Test
    void aClientThatStallsInItsBodyIsDisconnectedAfterTheRequestTimeLimit() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(address, 5_000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n[[1,").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            assertEquals(-1, s.getInputStream().read(), "the server answered a request it has not received");
            double waited = (System.nanoTime() - start) / 1e9;
            assertTrue(waited >= STALL_SECONDS - 1, "closed after " + waited + " s");
        }
        assertEquals("ok", health().get("status"));
    }

    @Test
    void healthDescribesTheModel() throws Exception {
        Map<String, Object> h = health();
        assertEquals("64-128(relu)-10 softmax", h.get("model"));
        assertEquals(64L, h.get("inputs"));
        assertEquals(10L, h.get("outputs"));
        assertEquals(4L, h.get("workers"));
        assertEquals((long) MAX_BODY, h.get("maxBodyBytes"));
    }

    private static Map<String, Object> health() throws IOException {
        try (Client c = new Client(address)) {
            Response r = c.send("GET", "/health", null, new byte[0], 0);
            assertEquals(200, r.status(), r.text());
            return Json.parseObject(r.text());
        }
    }

    private static String row(int r) {
        StringBuilder b = new StringBuilder();
        for (int j = 0; j < 64; j++) b.append(j > 0 ? "," : "").append(digits.features()[r * 64 + j]);
        return b.toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
