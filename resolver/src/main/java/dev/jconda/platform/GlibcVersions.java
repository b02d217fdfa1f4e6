package dev.jconda.platform;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the glibc version out of the three places a Linux system gives it away; each answers empty on musl. */
public final class GlibcVersions {
    private static final Pattern GETCONF = Pattern.compile("^\\s*glibc\\s+(\\d+\\.\\d+(?:\\.\\d+)?)\\s*$");
    private static final Pattern LDD_FIRST_LINE =
            Pattern.compile("^\\s*ldd\\s.*?(?:GLIBC|GNU libc|libc).*?\\s(\\d+\\.\\d+(?:\\.\\d+)?)\\s*$",
                    Pattern.CASE_INSENSITIVE);
    private static final Pattern LIBC_FILE_NAME = Pattern.compile("^libc-(\\d+\\.\\d+(?:\\.\\d+)?)\\.so$");

    private GlibcVersions() {
    }

    /** From {@code getconf GNU_LIBC_VERSION}: {@code glibc 2.36}. */
    public static Optional<String> fromGetconf(String output) {
        return firstLine(output).map(GETCONF::matcher).filter(Matcher::matches).map(m -> m.group(1));
    }

    /** From the first line of {@code ldd --version}: {@code ldd (Debian GLIBC 2.36-9+deb12u4) 2.36}. */
    public static Optional<String> fromLddVersion(String output) {
        return firstLine(output).map(LDD_FIRST_LINE::matcher).filter(Matcher::matches).map(m -> m.group(1));
    }

    /**
     * From the file {@code libc.so.6} links to before glibc 2.34 ({@code libc-2.31.so}); later glibc ships
     * {@code libc.so.6} as the file itself, with no version in its name.
     */
    public static Optional<String> fromLibcFileName(String fileName) {
        String name = fileName.substring(fileName.lastIndexOf('/') + 1);
        Matcher m = LIBC_FILE_NAME.matcher(name);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static Optional<String> firstLine(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(trimmed.lines().findFirst().orElse(""));
    }
}
