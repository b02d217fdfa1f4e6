package dev.jconda.server.worker;

import dev.jconda.server.http.HttpRequest;
import dev.jconda.server.http.RequestObserver;
import dev.jconda.server.buffer.ByteSink;
import dev.jconda.server.json.JsonWriter;
import dev.jconda.server.metrics.MetricsRegion;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Per request: the shared metrics slot, the access log, and the --max-requests count that triggers RETIRE. */
final class RequestAccounting implements RequestObserver {
    private final MetricsRegion.Slot slot;
    private final AccessLog accessLog;
    private final long retireAfter;
    private final Runnable retire;
    private final long pid = ProcessHandle.current().pid();
    private final AtomicLong handled = new AtomicLong();

    /** {@code retireAfter} 0 never retires. */
    RequestAccounting(MetricsRegion.Slot slot, AccessLog accessLog, long retireAfter, Runnable retire) {
        this.slot = slot;
        this.accessLog = accessLog;
        this.retireAfter = retireAfter;
        this.retire = retire;
    }

    @Override
    public void started() {
        slot.requestStarted();
    }

    @Override
    public void finished(HttpRequest request, int status, long responseBytes, long durationNanos) {
        slot.requestFinished(status, durationNanos, responseBytes);
        if (accessLog != null) {
            ByteSink line = new ByteSink(192);
            line.ascii("{\"time\":\"").ascii(Instant.now().truncatedTo(ChronoUnit.MILLIS).toString()).ascii("\",\"method\":");
            JsonWriter.string(line, request == null || request.method() == null ? "-" : request.method());
            line.ascii(",\"path\":");
            JsonWriter.string(line, request == null || request.path() == null ? "-" : request.path());
            line.ascii(",\"status\":").decimal(status).ascii(",\"bytes\":").decimal(responseBytes)
                    .ascii(",\"duration_ms\":").ascii(Double.toString(Math.round(durationNanos / 1000.0) / 1000.0))
                    .ascii(",\"worker\":").decimal(pid).ascii("}\n");
            accessLog.write(line);
        }
        if (handled.incrementAndGet() == retireAfter) {
            retire.run();
        }
    }
}
