package dev.jconda.deploy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RelocatedEnvironmentTest {
    private static final String ROOT = "\u0000root\u0000";

    @Test
    void shellWordsQuoteLiteralsAndExpandOnlyTheRoot() {
        assertEquals("\"$r\"'/lib/native'", RelocatedEnvironment.shellWord(ROOT + "/lib/native", "r"));
        assertEquals("'it'\\''s $HOME'", RelocatedEnvironment.shellWord("it's $HOME", "r"));
        assertEquals("\"$r\"'/a:'\"$r\"'/b'", RelocatedEnvironment.shellWord(ROOT + "/a:" + ROOT + "/b", "r"));
        assertEquals("''", RelocatedEnvironment.shellWord("", "r"));
    }
}
