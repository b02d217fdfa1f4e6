package dev.jconda.server.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jconda.server.buffer.ByteSink;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TensorParserTest {
    private final TensorParser parser = new TensorParser();

    private TensorParser.Input parse(String json) throws BodyError {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return parser.parse(b, 0, b.length);
    }

    private String error(String json) {
        return assertThrows(BodyError.class, () -> parse(json)).getMessage();
    }

    @Test
    void readsNestedArraysIntoShapeAndValues() throws BodyError {
        TensorParser.Input in = parse(" {\"id\": \"x\", \"input\": [[5.1, 3.5, 1.4, 0.2], [1e1, -2E-1, 0, 7]], \"n\": null} ");
        assertArrayEquals(new long[] {2, 4}, in.shape());
        assertArrayEquals(new float[] {5.1f, 3.5f, 1.4f, 0.2f, 10f, -0.2f, 0f, 7f}, in.values());
    }

    @Test
    void numbersRoundLikePythonDoubleThenFloat32() throws BodyError {
        String[] numbers = {"0.1", "3.4028235e38", "1.17549435e-38", "123456789012345678901", "-0.000001234", "1e-50"};
        for (String n : numbers) {
            float got = parse("{\"input\": " + n + "}").values()[0];
            assertEquals((float) Double.parseDouble(n), got, n);
        }
    }

    @Test
    void numbersOutsideTheFloat32RangeAreRefusedNotTurnedIntoInfinity() {
        for (String n : new String[] {"1e39", "-1e39", "1e999", "3.5e38"}) {
            BodyError e = assertThrows(BodyError.class, () -> parse("{\"input\": [[1, " + n + "]]}"), n);
            assertTrue(e.getMessage().contains("outside the float32 range"), e.getMessage());
        }
    }

    @Test
    void scalarsAndEmptyArraysHaveShapes() throws BodyError {
        assertArrayEquals(new long[] {}, parse("{\"input\": 3}").shape());
        assertArrayEquals(new long[] {0}, parse("{\"input\": []}").shape());
        assertArrayEquals(new long[] {2, 0}, parse("{\"input\": [[], []]}").shape());
    }

    @Test
    void missingBodyOrInputIsMissingInput() {
        assertEquals("Missing input", error(""));
        assertEquals("Missing input", error("  {}"));
        assertEquals("Missing input", error("{\"inputs\": [1]}"));
        assertEquals("Missing input", error("[1, 2]"));
    }

    @Test
    void malformedJsonSaysWhere() {
        assertTrue(error("{\"input\": [[1, 2,").startsWith("Malformed JSON"));
        assertTrue(error("{\"input\": [1 2]}").startsWith("Malformed JSON: expected ',' or ']'"));
        assertTrue(error("{input: 1}").startsWith("Malformed JSON"));
        assertTrue(error("{\"input\": [01]}").startsWith("Malformed JSON"));
        assertTrue(error("{\"input\": [1]} x").startsWith("Malformed JSON"));
    }

    @Test
    void raggedOrNonNumericInputIsInvalid() {
        assertTrue(error("{\"input\": [[1, 2], [3]]}").startsWith("Invalid input: ragged"));
        assertTrue(error("{\"input\": [1, [2]]}").startsWith("Invalid input: ragged"));
        assertTrue(error("{\"input\": [[1], 2]}").startsWith("Invalid input: ragged"));
        assertTrue(error("{\"input\": [\"a\"]}").startsWith("Invalid input: expected only numbers"));
        assertTrue(error("{\"input\": null}").startsWith("Invalid input"));
    }

    @Test
    void parserIsReusable() throws BodyError {
        parse("{\"input\": [[1, 2, 3]]}");
        TensorParser.Input second = parse("{\"input\": [4]}");
        assertArrayEquals(new long[] {1}, second.shape());
        assertArrayEquals(new float[] {4}, second.values());
    }

    @Test
    void writerPrintsNestedArrays() {
        ByteSink out = new ByteSink(16);
        JsonWriter.floats(out, new long[] {2, 2}, new float[] {1f, 0.5f, Float.NaN, 2.25f});
        assertEquals("[[1.0,0.5],[null,2.25]]", out.toString());
        out.reset();
        JsonWriter.error(out, "bad \"x\"\n");
        assertEquals("{\"error\":\"bad \\\"x\\\"\\n\"}", out.toString());
    }
}
