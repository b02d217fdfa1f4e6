package dev.jconda.cli;

import dev.jconda.cache.UnusedPackages;
import dev.jconda.prefix.PrefixInstaller;
import dev.jconda.prefix.StaleTemporaries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "clean", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Remove what jconda no longer needs, as `conda clean`.",
                "",
                "--tmp: what interrupted commands left (half downloads, half-unpacked bundles, staging folders, "
                        + "Maven's *.tmp) that no running command is writing; every writing command also removes "
                        + "those older than an hour. --pkgs: package cache entries no environment links. Asks "
                        + "before removing unless -y."})
final class CleanCommand implements Callable<Integer> {
    /** Untouched this long, a temporary that no lock protects is not being written by a running command. */
    private static final Duration IDLE = Duration.ofMinutes(1);

    private final Context context;

    @Option(names = {"-a", "--all"}, description = "--tmp and --pkgs")
    boolean all;

    @Option(names = "--pkgs", description = "package cache entries no environment links")
    boolean pkgs;

    @Option(names = {"-t", "--tmp", "--tempfiles"}, description = "temporaries left by interrupted commands")
    boolean tmp;

    @Option(names = {"-y", "--yes"}, description = "do not ask for confirmation")
    boolean yes;

    @Option(names = {"-d", "--dry-run"}, description = "only show what would be removed")
    boolean dryRun;

    CleanCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (!all && !pkgs && !tmp) {
            throw new UserError("say what to clean: --tmp, --pkgs or --all");
        }
        if (!Files.isDirectory(context.home().root())) {
            context.out().println("Nothing to clean: " + context.home().root() + " does not exist");
            return ExitCodes.OK;
        }
        if (!dryRun) {
            BeforeWriting.checkWritable(context.home());
        }
        List<Path> remove = new ArrayList<>();
        try {
            if (all || tmp) {
                remove.addAll(new StaleTemporaries(context.home(), IDLE, Instant.now()).find(true));
            }
            if (all || pkgs) {
                remove.addAll(UnusedPackages.in(context.home().pkgs()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + context.home().root(), e);
        }
        if (remove.isEmpty()) {
            context.out().println("Nothing to clean in " + context.home().root());
            return ExitCodes.OK;
        }
        long bytes = 0;
        for (Path p : remove) {
            long size = size(p);
            bytes += size;
            context.out().printf("%10s  %s%n", human(size), p);
        }
        context.out().printf("%d item(s), %s%n", remove.size(), human(bytes));
        if (dryRun) {
            context.out().println("Dry run: nothing removed");
            return ExitCodes.OK;
        }
        if (!yes && !confirmed()) {
            context.out().println("Nothing removed");
            return ExitCodes.FAILED;
        }
        remove.forEach(PrefixInstaller::deleteTree);
        context.out().println("Removed " + remove.size() + " item(s), " + human(bytes));
        return ExitCodes.OK;
    }

    /** conda's prompt; end of input (no terminal, stdin from /dev/null) is a no. */
    private boolean confirmed() {
        context.out().print("Proceed ([y]/n)? ");
        context.out().flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return answer != null && (answer.isBlank() || answer.strip().equalsIgnoreCase("y")
                    || answer.strip().equalsIgnoreCase("yes"));
        } catch (IOException e) {
            return false;
        }
    }

    private static long size(Path p) {
        try (Stream<Path> walk = Files.walk(p)) {
            return walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String human(long bytes) {
        if (bytes < 1024 * 1024) {
            return String.format("%.1f KB", bytes / 1024.0);
        }
        return String.format("%.1f MB", bytes / (1024.0 * 1024));
    }
}
