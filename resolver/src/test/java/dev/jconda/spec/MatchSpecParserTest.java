package dev.jconda.spec;

import dev.jconda.model.PackageName;
import dev.jconda.model.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MatchSpecParserTest {

    /** spec | name | channel | matching versions | non-matching versions (space separated). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', nullValues = "-", value = {
            "numpy                          ; numpy                    ; -       ; 1.0 2.5 99          ; -",
            "numpy=1.2                      ; numpy                    ; -       ; 1.2 1.2.0 1.2.7     ; 1.3 1.20 1.1",
            "numpy==1.2.3                   ; numpy                    ; -       ; 1.2.3               ; 1.2.4 1.2",
            "numpy>=1.2,<2                  ; numpy                    ; -       ; 1.2 1.9.9           ; 1.1 2.0 2.1",
            "numpy 1.2.*                    ; numpy                    ; -       ; 1.2 1.2.5           ; 1.3",
            "numpy 1.2.3                    ; numpy                    ; -       ; 1.2.3               ; 1.2.4",
            "numpy >=1.2                    ; numpy                    ; -       ; 1.2 3               ; 1.1",
            "numpy 1.2|1.4                  ; numpy                    ; -       ; 1.2 1.4             ; 1.3",
            "numpy!=1.3                     ; numpy                    ; -       ; 1.2 1.4             ; 1.3",
            "numpy~=1.4.2                   ; numpy                    ; -       ; 1.4.2 1.4.9         ; 1.4.1 1.5",
            "numpy>1.2                      ; numpy                    ; -       ; 1.3                 ; 1.2",
            "numpy<=1.2                     ; numpy                    ; -       ; 1.2 1.0             ; 1.3",
            "pytorch::pytorch=2.5           ; pytorch                  ; pytorch ; 2.5.1               ; 2.4.0 2.7.1",
            "conda-forge::numpy             ; numpy                    ; conda-forge ; 1.0             ; -",
            "__cuda>=12.4                   ; __cuda                   ; -       ; 12.4 12.6           ; 12.1 11.8",
            "com.google.guava:guava         ; com.google.guava:guava   ; -       ; 33.3.1-jre          ; -",
            "com.google.guava:guava=33      ; com.google.guava:guava   ; -       ; 33.3.1-jre 33.0.0-android ; 32.1.3-jre 34.0",
            "com.google.guava:guava:33.3.1-jre ; com.google.guava:guava ; -      ; 33.3.1-jre          ; 33.3.0-jre",
            "info.picocli:picocli>=4.7      ; info.picocli:picocli     ; -       ; 4.7.0 4.7.7 5.0     ; 4.6.3",
            "info.picocli:picocli >=4.7     ; info.picocli:picocli     ; -       ; 4.7.7               ; 4.6.3",
            "ai.djl.pytorch:pytorch-native-cpu:linux-x86_64=2.5.1 ; ai.djl.pytorch:pytorch-native-cpu:linux-x86_64 ; - ; 2.5.1 ; 2.4.0",
            "org.example:lib=[1.0,2.0)      ; org.example:lib          ; -       ; 1.0 1.9             ; 0.9 2.0",
            "org.example:lib=[1.5]          ; org.example:lib          ; -       ; 1.5                 ; 1.6",
            "org.example:lib=(,1.0],[1.2,)  ; org.example:lib          ; -       ; 0.5 1.0 1.2 9       ; 1.1",
    })
    void parsesGoodSpecs(String spec, String name, String channel, String matching, String notMatching) {
        MatchSpec parsed = MatchSpec.parse(spec);
        assertEquals(PackageName.of(name), parsed.name());
        assertEquals(channel, parsed.channel());
        for (String v : matching.split(" ")) {
            assertTrue(parsed.version().matches(Version.of(v)), spec + " should match " + v);
        }
        if (notMatching != null) {
            for (String v : notMatching.split(" ")) {
                assertFalse(parsed.version().matches(Version.of(v)), spec + " should not match " + v);
            }
        }
    }

    @Test
    void buildStringsAreGlobs() {
        MatchSpec spaced = MatchSpec.parse("pytorch 2.5.* cpu*");
        assertEquals("cpu*", spaced.build());
        MatchSpec equals = MatchSpec.parse("pytorch=2.5.1=cu124_0");
        assertEquals("cu124_0", equals.build());
        assertTrue(equals.version().matches(Version.of("2.5.1")));
        assertFalse(equals.version().matches(Version.of("2.5.10")));
        assertTrue(MatchSpec.globMatches("cu*_0", "cu124_0"));
        assertFalse(MatchSpec.globMatches("cpu*", "cu124_0"));
        assertNull(MatchSpec.parse("pytorch").build());
    }

    /** spec | 1-based column the error should point at | words the reason should contain. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "numpy>>1            | 6  | unknown operator",
            "numpy>=             | 6  | needs a version",
            "numpy>=1.2,         | 12 | empty version constraint",
            "=1.2                | 1  | expected a package name",
            "numpy=1.2=          | 10 | empty build string",
            "numpy 1 2 3         | 7  | too many parts",
            "numpy$              | 6  | unexpected '$'",
            "numpy[version=1]    | 6  | bracket options",
            "a:b:c:d             | 1  | Maven coordinate",
            "a::                 | 4  | expected a package name",
            "::numpy             | 1  | empty channel",
            "g:a=[2.0,1.0]       | 5  | empty",
            "g:a=[1.0,2.0        | 5  | unclosed",
            "g:a:                | 5  | empty part",
            "g:a$                | 4  | unexpected '$'",
            "numpy>=1.2*x        | 11 | '*' is only allowed at the end",
            "numpy>=1.2 cpu extra| 6  | too many parts",
    })
    void rejectsBadSpecsWithColumn(String spec, int column, String reason) {
        InputError e = assertThrows(InputError.class,
                () -> new MatchSpecParser().parse(spec, "environment.yml", 3, 1));
        assertEquals(3, e.line());
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().startsWith("environment.yml:3:" + column + ": invalid spec '"), e.getMessage());
    }
}
