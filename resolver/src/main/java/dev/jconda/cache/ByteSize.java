package dev.jconda.cache;

import java.util.Locale;

/** A byte count as a person reads it: {@code 748 B}, {@code 1.5 KiB}, {@code 2.3 GiB}. */
public final class ByteSize {
    private ByteSize() {
    }

    public static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double amount = bytes;
        int unit = 0;
        while (amount >= 1024 && unit < units.length - 1) {
            amount /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", amount, units[unit]);
    }
}
