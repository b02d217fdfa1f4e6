package dev.jconda.locking;

import dev.jconda.model.MavenPackage;
import dev.jconda.model.Version;
import dev.jconda.solve.ProviderException;

/** {@code group:artifact:version[:classifier]}, the form channel indexes use for Maven-hosted artifacts. */
final class MavenCoordinates {
    private MavenCoordinates() {
    }

    static MavenPackage parse(String coordinates) {
        String[] p = coordinates.split(":");
        if (p.length < 3 || p.length > 4) {
            throw new ProviderException("bad Maven coordinates '" + coordinates
                    + "' in a channel index; expected group:artifact:version[:classifier]");
        }
        return new MavenPackage(p[0], p[1], p.length == 4 ? p[3] : "", "jar", Version.of(p[2]), null);
    }
}
