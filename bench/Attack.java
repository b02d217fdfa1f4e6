import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Hostile clients against a running jconda-server master, while well-behaved clients keep predicting:
 * slow bodies, clients that never read, 500 connections declaring 1 MiB bodies, slowloris heads, and request-smuggling
 * bytes. Reports workers killed, requests of the well-behaved clients that failed, and the workers' RSS growth.
 *
 * <p>Usage: java bench/Attack.java PORT MASTER_PID SECONDS REQUEST_JSON. Started by bench/attack.sh.
 */
public class Attack {
    private final int port;
    private final long masterPid;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Socket> held = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger smuggled = new AtomicInteger();
    private final AtomicInteger desyncTries = new AtomicInteger();

    Attack(int port, long masterPid) {
        this.port = port;
        this.masterPid = masterPid;
    }

    public static void main(String[] args) throws Exception {
        new Attack(Integer.parseInt(args[0]), Long.parseLong(args[1]))
                .run(Duration.ofSeconds(Long.parseLong(args[2])), Files.readString(Path.of(args[3])));
    }

    private Set<Long> workers() {
        return ProcessHandle.of(masterPid).orElseThrow().children().map(ProcessHandle::pid)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        return 0;
    }

    private long totalRssKib(Set<Long> pids) {
        return pids.stream().mapToLong(Attack::rssKib).sum();
    }

    private Socket open() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        held.add(s);
        return s;
    }

    private static void send(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private void background(String name, ThrowingRunnable r) {
        Thread.ofVirtual().name(name).start(() -> {
            try {
                r.run();
            } catch (IOException | InterruptedException e) {
                // the server closed an attacking connection: what it should do
            }
        });
    }

    interface ThrowingRunnable {
        void run() throws IOException, InterruptedException;
    }

    void run(Duration duration, String request) throws Exception {
        Set<Long> before = workers();
        long rssBefore = totalRssKib(before);
        AtomicLong rssPeak = new AtomicLong(rssBefore);
        System.out.printf("workers %s, RSS %d MiB in all before the attack%n", before, rssBefore / 1024);

        // Well-behaved clients: 4 keep-alive HttpClients predicting all along.
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> victims = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            victims.add(Thread.ofVirtual().start(() -> {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/predict"))
                        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(request)).build();
                while (running.get()) {
                    try {
                        HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            ok.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            failures.add(r.statusCode() + " " + r.body());
                        }
                        Thread.sleep(20);
                    } catch (IOException | InterruptedException e) {
                        failed.incrementAndGet();
                        failures.add(e.toString());
                    }
                }
            }));
        }

        // 1. Slow bodies: declare 100 bytes, send one, then one byte every 5 s.
        for (int i = 0; i < 20; i++) {
            background("slow-body", () -> {
                Socket s = open();
                send(s, "POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{");
                while (running.get()) {
                    Thread.sleep(5000);
                    send(s, " ");
                }
            });
        }
        // 2. Clients that pipeline requests and never read the answers.
        for (int i = 0; i < 8; i++) {
            background("non-reader", () -> {
                Socket s = new Socket();
                s.setReceiveBufferSize(4096);
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                held.add(s);
                byte[] batch = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".repeat(500).getBytes(StandardCharsets.ISO_8859_1);
                while (running.get()) {
                    s.getOutputStream().write(batch);
                }
            });
        }
        // 3. 500 connections declaring 1 MiB bodies and sending nothing more.
        for (int i = 0; i < 500; i++) {
            background("declared-length", () -> {
                Socket s = open();
                send(s, "POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1048576\r\n\r\n");
            });
        }
        // 4. Slowloris: heads that never end, one byte a second.
        for (int i = 0; i < 200; i++) {
            background("slowloris", () -> {
                Socket s = open();
                send(s, "GET /health HTTP/1.1\r\nHost: x\r\n");
                while (running.get()) {
                    Thread.sleep(1000);
                    send(s, "X");
                }
            });
        }
        // 5. Desync: a bare LF hides a Transfer-Encoding from a proxy; a second response means a smuggled request.
        background("desync", () -> {
            while (running.get()) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                    s.setSoTimeout(15_000);
                    send(s, "POST /predict HTTP/1.1\r\nHost: x\r\nX-A: a\nTransfer-Encoding: chunked\r\n"
                            + "Content-Length: 4\r\n\r\n35\r\nGET /metrics HTTP/1.1\r\nHost: x\r\n\r\n0\r\n\r\n");
                    String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                    desyncTries.incrementAndGet();
                    if (answer.split("HTTP/1.1 ", -1).length - 1 > 1) {
                        smuggled.incrementAndGet();
                    }
                } catch (IOException e) {
                    desyncTries.incrementAndGet();
                }
                Thread.sleep(200);
            }
        });

        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            Thread.sleep(1000);
            rssPeak.accumulateAndGet(totalRssKib(workers()), Math::max);
        }
        Set<Long> after = workers();
        running.set(false);
        for (Thread t : victims) {
            t.join(Duration.ofSeconds(30));
        }
        synchronized (held) {
            for (Socket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // already closed by the server
                }
            }
        }
        Set<Long> killed = new TreeSet<>(before);
        killed.removeAll(after);
        System.out.printf("attack: %d s of 20 slow bodies, 8 non-readers, 500 x 1 MiB declared, 200 slowloris, "
                + "%d desync tries%n", duration.toSeconds(), desyncTries.get());
        System.out.printf("workers killed: %d (before %s, after %s)%n", killed.size(), before, after);
        System.out.printf("well-behaved requests: %d ok, %d failed%s%n", ok.get(), failed.get(),
                failures.isEmpty() ? "" : " " + failures.subList(0, Math.min(5, failures.size())));
        System.out.printf("smuggled responses: %d%n", smuggled.get());
        System.out.printf("worker RSS (all workers): %d MiB before, %d MiB peak, growth %d MiB%n",
                rssBefore / 1024, rssPeak.get() / 1024, (rssPeak.get() - rssBefore) / 1024);
        System.exit(killed.isEmpty() && failed.get() == 0 && smuggled.get() == 0 ? 0 : 1);
    }
}
