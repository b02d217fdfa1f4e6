package dev.jconda.platform;

import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GraphicsCard;
import oshi.hardware.HardwareAbstractionLayer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The real machine: its files, its commands, this JVM's properties and OSHI's hardware inventory. Commands and the
 * inventory run under a deadline, because a wedged GPU driver makes {@code nvidia-smi} hang for minutes and jconda
 * must still start.
 */
public final class SystemMachineSources implements MachineSources {
    /** Long enough for {@code nvidia-smi} to wake a GPU without persistence mode, short enough not to be noticed. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);
    /** OSHI runs {@code lspci}/{@code lshw} for graphics cards, and loads JNA the first time. */
    public static final Duration DEFAULT_HARDWARE_TIMEOUT = Duration.ofSeconds(5);

    private static final int MAX_OUTPUT_BYTES = 1 << 20;
    /** OSHI appends PCI ids to names: {@code NVIDIA Corporation [10de]}. */
    private static final Pattern PCI_ID_SUFFIX = Pattern.compile("\\s*\\[(?:0x)?[0-9a-fA-F]{4}]$");

    private static final String UNKNOWN = oshi.util.Constants.UNKNOWN;

    private final Duration commandTimeout;
    private final Duration hardwareTimeout;

    public SystemMachineSources() {
        this(DEFAULT_COMMAND_TIMEOUT, DEFAULT_HARDWARE_TIMEOUT);
    }

    public SystemMachineSources(Duration commandTimeout, Duration hardwareTimeout) {
        this.commandTimeout = Objects.requireNonNull(commandTimeout, "commandTimeout");
        this.hardwareTimeout = Objects.requireNonNull(hardwareTimeout, "hardwareTimeout");
    }

    @Override
    public Optional<String> readFile(Path path) {
        try {
            return Optional.of(new String(Files.readAllBytes(path), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> linkTarget(Path path) {
        try {
            return Optional.of(Files.readSymbolicLink(path).toString());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> run(List<String> command) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        try {
            process.getOutputStream().close();
            long deadline = System.nanoTime() + commandTimeout.toNanos();
            FutureTask<byte[]> stdout = inBackground("jconda-probe " + command.getFirst(),
                    () -> readCapped(process.getInputStream()));
            if (!process.waitFor(commandTimeout.toNanos(), TimeUnit.NANOSECONDS) || process.exitValue() != 0) {
                return Optional.empty();
            }
            long left = Math.max(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(100));
            return Optional.of(new String(stdout.get(left, TimeUnit.NANOSECONDS), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (IOException | ExecutionException | TimeoutException | RuntimeException e) {
            return Optional.empty();
        } finally {
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }

    @Override
    public String property(String key) {
        return System.getProperty(key);
    }

    @Override
    public HardwareSummary hardware() {
        FutureTask<HardwareSummary> inventory = inBackground("jconda-probe hardware", SystemMachineSources::readOshi);
        try {
            return inventory.get(hardwareTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HardwareSummary.UNKNOWN;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            inventory.cancel(true);
            return HardwareSummary.UNKNOWN;
        }
    }

    /** Each part on its own, so that a platform where OSHI cannot list graphics cards still reports memory. */
    private static HardwareSummary readOshi() {
        HardwareAbstractionLayer hal;
        try {
            hal = new SystemInfo().getHardware();
        } catch (RuntimeException | LinkageError e) {
            return HardwareSummary.UNKNOWN;
        }
        String model = null;
        int logical = 0;
        List<String> flags = List.of();
        try {
            CentralProcessor cpu = hal.getProcessor();
            model = blankToNull(cpu.getProcessorIdentifier().getName());
            logical = cpu.getLogicalProcessorCount();
            flags = cpu.getFeatureFlags();
        } catch (RuntimeException | LinkageError e) {
            // leave the CPU unknown
        }
        long memory = 0;
        try {
            memory = hal.getMemory().getTotal();
        } catch (RuntimeException | LinkageError e) {
            // leave memory unknown
        }
        List<Gpu> gpus = new ArrayList<>();
        try {
            for (GraphicsCard card : hal.getGraphicsCards()) {
                String name = withoutPciId(card.getName());
                // OSHI lists a card it knows nothing about (no lspci, no lshw) with the name "unknown"
                if (!name.isEmpty() && !name.equalsIgnoreCase(UNKNOWN)) {
                    gpus.add(new Gpu(withoutPciId(card.getVendor()), name, Math.max(card.getVRam(), 0)));
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // leave graphics cards unknown
        }
        return new HardwareSummary(model, Math.max(logical, 0), Math.max(memory, 0), flags, gpus);
    }

    private static String withoutPciId(String text) {
        return text == null ? "" : PCI_ID_SUFFIX.matcher(text.strip()).replaceAll("").strip();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static byte[] readCapped(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            // keep draining past the cap so the command is not blocked on a full pipe
            int keep = Math.min(n, MAX_OUTPUT_BYTES - out.size());
            if (keep > 0) {
                out.write(buffer, 0, keep);
            }
        }
        return out.toByteArray();
    }

    private static <T> FutureTask<T> inBackground(String name, Callable<T> work) {
        FutureTask<T> task = new FutureTask<>(work);
        Thread thread = new Thread(task, name);
        // a hung command or driver must not keep the JVM alive
        thread.setDaemon(true);
        thread.start();
        return task;
    }
}
