package dev.jconda.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sample model's request and the answer make_model.py recorded for it (samples/model-serving). */
final class SamplePrediction {
    private static final Pattern FIRST_ROW = Pattern.compile("\\[\\[([^]]+)]]");

    private SamplePrediction() {
    }

    static String request() throws IOException {
        return Files.readString(JcondaProcess.REPO_ROOT.resolve("samples/model-serving/request.json"));
    }

    /** {@code actual} holds the expected output row, to float precision. */
    static void assertMatchesExpected(String actual) throws IOException {
        String expected = Files.readString(JcondaProcess.REPO_ROOT.resolve("samples/model-serving/expected.json"));
        Matcher e = FIRST_ROW.matcher(expected);
        Matcher a = FIRST_ROW.matcher(actual);
        assertTrue(e.find() && a.find(), expected + " / " + actual);
        String[] want = e.group(1).split(",\\s*");
        String[] got = a.group(1).split(",\\s*");
        assertEquals(want.length, got.length, actual);
        for (int i = 0; i < want.length; i++) {
            assertEquals(Double.parseDouble(want[i]), Double.parseDouble(got[i]), 1e-5, actual);
        }
    }
}
