package dev.jconda.server.metrics;

import dev.jconda.server.buffer.ByteSink;
import java.util.List;

/** Renders a cluster snapshot in the Prometheus text exposition format (0.0.4). */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {}

    /** {@code models}: the served models' names in --model order (the index their counters are kept under). */
    public static void render(MetricsRegion.Snapshot s, List<String> models, ByteSink out) {
        header(out, "jconda_http_requests_total", "counter", "HTTP requests answered by all workers, by status code.");
        for (int i = 0; i < StatusCodes.CODES.length; i++) {
            out.ascii("jconda_http_requests_total{code=\"").decimal(StatusCodes.CODES[i]).ascii("\"} ")
                    .decimal(s.codes()[i]).append('\n');
        }
        out.ascii("jconda_http_requests_total{code=\"other\"} ").decimal(s.codes()[StatusCodes.CODES.length]).append('\n');

        header(out, "jconda_http_request_duration_seconds", "histogram",
                "Time from a request's last header byte to its response written.");
        long cumulative = 0;
        for (int i = 0; i < Histogram.BUCKETS; i++) {
            cumulative += s.buckets()[i];
            out.ascii("jconda_http_request_duration_seconds_bucket{le=\"").ascii(Histogram.LABELS[i]).ascii("\"} ")
                    .decimal(cumulative).append('\n');
        }
        out.ascii("jconda_http_request_duration_seconds_sum ").ascii(Double.toString(s.durationNanos() / 1e9)).append('\n');
        out.ascii("jconda_http_request_duration_seconds_count ").decimal(s.count()).append('\n');

        header(out, "jconda_http_response_bytes_total", "counter", "Response bytes written, headers included.");
        out.ascii("jconda_http_response_bytes_total ").decimal(s.bytes()).append('\n');

        header(out, "jconda_http_requests_in_flight", "gauge", "Requests being handled right now, all workers.");
        out.ascii("jconda_http_requests_in_flight ").decimal(s.inflight()).append('\n');

        header(out, "jconda_queue_depth", "gauge",
                "Requests admitted to model work (running or waiting for a model thread), all workers.");
        out.ascii("jconda_queue_depth ").decimal(s.queued()).append('\n');
        header(out, "jconda_queue_rejected_total", "counter",
                "Requests refused at once because a worker's queue was full (--max-queue).");
        out.ascii("jconda_queue_rejected_total ").decimal(s.queueRejected()).append('\n');

        header(out, "jconda_model_requests_total", "counter", "Requests that reached each model's forward pass.");
        for (int i = 0; i < Math.min(models.size(), MetricsRegion.MAX_MODELS); i++) {
            out.ascii("jconda_model_requests_total{model=\"").ascii(models.get(i)).ascii("\"} ")
                    .decimal(s.modelRequests()[i]).append('\n');
        }
        header(out, "jconda_model_inference_seconds_total", "counter",
                "Time spent in each model's work (parse, forward pass, answer), summed over requests.");
        for (int i = 0; i < Math.min(models.size(), MetricsRegion.MAX_MODELS); i++) {
            out.ascii("jconda_model_inference_seconds_total{model=\"").ascii(models.get(i)).ascii("\"} ")
                    .ascii(Double.toString(s.modelNanos()[i] / 1e9)).append('\n');
        }

        header(out, "jconda_batch_size", "histogram",
                "Requests served by each forward pass when dynamic batching is on (--max-batch-size).");
        long inBatches = 0;
        for (int i = 0; i < BatchSizes.BUCKETS; i++) {
            inBatches += s.batchSizeBuckets()[i];
            out.ascii("jconda_batch_size_bucket{le=\"")
                    .ascii(i < BatchSizes.UPPER.length ? Integer.toString(BatchSizes.UPPER[i]) : "+Inf").ascii("\"} ")
                    .decimal(inBatches).append('\n');
        }
        out.ascii("jconda_batch_size_sum ").decimal(s.batchedRequests()).append('\n');
        out.ascii("jconda_batch_size_count ").decimal(s.batches()).append('\n');

        header(out, "jconda_worker_restarts_total", "counter",
                "Workers replaced, by reason (max_requests, crashed, timeout, reload).");
        for (RestartReason r : RestartReason.values()) {
            out.ascii("jconda_worker_restarts_total{reason=\"").ascii(r.label()).ascii("\"} ")
                    .decimal(s.restarts()[r.ordinal()]).append('\n');
        }

        header(out, "jconda_workers", "gauge", "Worker processes by state.");
        out.ascii("jconda_workers{state=\"booting\"} ").decimal(s.booting()).append('\n');
        out.ascii("jconda_workers{state=\"ready\"} ").decimal(s.ready()).append('\n');
        out.ascii("jconda_workers{state=\"stopping\"} ").decimal(s.stopping()).append('\n');
        header(out, "jconda_workers_target", "gauge", "Workers the master keeps (--workers, TTIN, TTOU).");
        out.ascii("jconda_workers_target ").decimal(s.target()).append('\n');

        header(out, "jconda_model_load_seconds", "gauge", "Model load time (engine start included) of each live worker.");
        for (String line : s.modelLoadMillis().split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int space = line.indexOf(' ');
            long millis = Long.parseLong(line.substring(space + 1));
            out.ascii("jconda_model_load_seconds{worker=\"").ascii(line.substring(0, space)).ascii("\"} ")
                    .ascii(Double.toString(millis / 1000.0)).append('\n');
        }
    }

    private static void header(ByteSink out, String name, String type, String help) {
        out.ascii("# HELP ").ascii(name).append(' ').ascii(help).append('\n');
        out.ascii("# TYPE ").ascii(name).append(' ').ascii(type).append('\n');
    }
}
