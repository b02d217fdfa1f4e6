package dev.jconda.server.metrics;

import java.util.Locale;

/** Why a worker was replaced; the label of {@code jconda_worker_restarts_total}. */
public enum RestartReason {
    MAX_REQUESTS, CRASHED, TIMEOUT, RELOAD;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
