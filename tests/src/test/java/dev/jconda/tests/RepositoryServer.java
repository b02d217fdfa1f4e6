package dev.jconda.tests;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A folder (a Maven repository a test generated) served over HTTP on 127.0.0.1: GET and HEAD of its files, 404 for
 * anything else. It records every request as {@code "METHOD /path"}, in the order they arrive, and answers each on a
 * thread of its own, so that a test can see how many a client has in flight.
 */
final class RepositoryServer implements AutoCloseable {
    /** Wraps the answer to each request: {@code answer.send()} sends it. */
    interface Around {
        void request(String method, String path, Answer answer) throws IOException, InterruptedException;
    }

    interface Answer {
        void send() throws IOException;
    }

    private final Path root;
    private final Around around;
    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private RepositoryServer(Path root, Around around) throws IOException {
        this.root = root;
        this.around = around;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::serve);
        server.start();
    }

    static RepositoryServer start(Path root) throws IOException {
        return new RepositoryServer(root, (method, path, answer) -> answer.send());
    }

    static RepositoryServer start(Path root, Around around) throws IOException {
        return new RepositoryServer(root, around);
    }

    /** The repository's URL, ending in a slash. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** Every request so far, {@code "GET /org/x/1.0/x-1.0.jar"}. */
    List<String> requests() {
        return requests;
    }

    /** The file names of the jars downloaded (GET) so far, in the order asked for. */
    List<String> jarsDownloaded() {
        return requests.stream().filter(r -> r.startsWith("GET ") && r.endsWith(".jar"))
                .map(r -> r.substring(r.lastIndexOf('/') + 1)).toList();
    }

    private void serve(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        requests.add(method + " " + path);
        try {
            Path file = root.resolve(path.substring(1)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = Files.readAllBytes(file);
            around.request(method, path, () -> {
                if (method.equals("HEAD")) {
                    exchange.getResponseHeaders().set("Content-Length", Long.toString(body.length));
                    exchange.sendResponseHeaders(200, -1);
                } else {
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
