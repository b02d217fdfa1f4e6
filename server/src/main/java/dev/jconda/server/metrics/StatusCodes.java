package dev.jconda.server.metrics;

/** The status codes the server can answer, each with its own counter; anything else is counted as "other". */
public final class StatusCodes {
    static final int[] CODES = {200, 400, 401, 404, 405, 408, 411, 413, 414, 429, 431, 500, 503, 505};
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
            case 429 -> 9;
            case 431 -> 10;
            case 500 -> 11;
            case 503 -> 12;
            case 505 -> 13;
            default -> CODES.length;
        };
    }
}
