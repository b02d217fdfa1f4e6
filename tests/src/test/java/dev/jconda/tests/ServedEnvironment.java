package dev.jconda.tests;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code jconda run -n ENV serve} on a free port of 127.0.0.1, as a user starts it, until it answers {@code /ready}. */
final class ServedEnvironment {
    /** What a test asks of the running server. */
    @FunctionalInterface
    interface Check {
        void run(HttpClient http, URI base) throws Exception;
    }

    private ServedEnvironment() {
    }

    /** Serves {@code env} (extra server flags after the port), waits for {@code /ready}, runs {@code check}, stops. */
    static void whileServing(JcondaProcess jconda, Path work, String env, List<String> flags, Check check)
            throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> args = new ArrayList<>(List.of("run", "-n", env, "serve", "-b", "127.0.0.1:" + port));
        args.addAll(flags);
        Process server = jconda.start(work, args.toArray(String[]::new));
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            URI base = URI.create("http://127.0.0.1:" + port);
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            int ready = 0;
            while (ready != 200 && System.nanoTime() < deadline && server.isAlive()) {
                try {
                    ready = http.send(HttpRequest.newBuilder(base.resolve("/ready")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (java.io.IOException notYet) {
                    Thread.sleep(200);
                }
            }
            assertEquals(200, ready, "ready: " + Files.readString(jconda.errFile(server)));
            check.run(http, base);
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    /** POSTs the sample request to {@code /predict} and checks the answer against the sample's expected output. */
    static void predictsTheSample(HttpClient http, URI base) throws Exception {
        HttpResponse<String> predict = http.send(HttpRequest.newBuilder(base.resolve("/predict"))
                .POST(HttpRequest.BodyPublishers.ofString(SamplePrediction.request()))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, predict.statusCode(), predict.body());
        SamplePrediction.assertMatchesExpected(predict.body());
    }
}
