package dev.jconda.server.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the server does by default inside a container: workers from the CPUs it may use. */
class ContainerDefaultsTest {
    private static int workers(String value) throws UsageError {
        return assertInstanceOf(Flags.Command.Run.class, Flags.parse(List.of("-m", "m.pt", "-w", value), Map.of(),
                Path.of("/srv"))).options().workers();
    }

    @Test
    void autoWorkersAreTheCpusTheJvmMayUse() throws UsageError {
        // availableProcessors() follows the cgroup CPU quota and cpuset (the JVM's container support)
        assertEquals(Runtime.getRuntime().availableProcessors(), workers("auto"));
        assertEquals(Runtime.getRuntime().availableProcessors(), workers("AUTO"));
        assertEquals(3, workers("3"));
        UsageError e = assertThrows(UsageError.class, () -> workers("many"));
        assertTrue(e.getMessage().contains("--workers"), e.getMessage());
    }
}
