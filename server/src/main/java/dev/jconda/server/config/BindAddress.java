package dev.jconda.server.config;

/** {@code HOST:PORT}, {@code [IPV6]:PORT} or {@code :PORT} (all IPv4 interfaces); port 0 picks a free port. */
public record BindAddress(String host, int port) {

    public static BindAddress parse(String value) throws UsageError {
        String v = value.strip();
        if (v.startsWith("unix:")) {
            throw new UsageError("--bind: unix sockets are not supported, use HOST:PORT");
        }
        String host;
        String port;
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            if (close < 0 || close + 1 >= v.length() || v.charAt(close + 1) != ':') {
                throw new UsageError("--bind: expected [IPV6]:PORT, got '" + value + "'");
            }
            host = v.substring(1, close);
            port = v.substring(close + 2);
        } else {
            int colon = v.lastIndexOf(':');
            if (colon < 0) {
                throw new UsageError("--bind: expected HOST:PORT, got '" + value + "'");
            }
            host = colon == 0 ? "0.0.0.0" : v.substring(0, colon);
            port = v.substring(colon + 1);
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 0 || p > 65535) {
            throw new UsageError("--bind: expected a port 0-65535, got '" + port + "'");
        }
        return new BindAddress(host, p);
    }

    public String flagValue() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
