package dev.jconda.server.metrics;

/** The status codes the server can answer, each with its own counter; anything else is counted as "other". */
public final class StatusCodes {
    static final int[] CODES = {200, 400, 401, 404, 405, 408, 411, 413, 414, 431, 500, 503, 505};
    static final int TRACKED = CODES.length + 1;

    private StatusCodes() {}

    static int index(int status) {
        return switch (status) {
            case 200 -> 0;
            case 400 -> 1;
            case 401 -> 2;
            case 404 -> 3;
            case 405 -> 4;
            case 408 -> 5;
            case 411 -> 6;
            case 413 -> 7;
            case 414 -> 8;
            case 431 -> 9;
            case 500 -> 10;
            case 503 -> 11;
            case 505 -> 12;
            default -> CODES.length;
        };
    }

    public static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 411 -> "Length Required";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> "Unknown";
        };
    }
}
