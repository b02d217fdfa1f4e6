package dev.jconda.server.config;

/**
 * How a worker runs requests. Connections always wait on virtual threads (an idle keep-alive connection costs no
 * platform thread, the job Gunicorn's gthread poller does); the class decides where the request itself runs.
 */
public enum WorkerClass {
    /** Requests run on a fixed pool of {@code --threads} platform threads (Gunicorn sync/gthread). */
    SYNC("sync"),
    /** Each connection's virtual thread runs its own requests; {@code --threads} is ignored. */
    VIRTUAL("virtual");

    private final String flagValue;

    WorkerClass(String flagValue) {
        this.flagValue = flagValue;
    }

    public String flagValue() {
        return flagValue;
    }

    public static WorkerClass parse(String value) throws UsageError {
        for (WorkerClass c : values()) {
            if (c.flagValue.equalsIgnoreCase(value)) {
                return c;
            }
        }
        if (value.equalsIgnoreCase("gthread")) {
            return SYNC;
        }
        throw new UsageError("--worker-class: expected 'sync' or 'virtual', got '" + value + "'");
    }
}
