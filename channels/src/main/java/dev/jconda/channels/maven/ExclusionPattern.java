package dev.jconda.channels.maven;

import java.util.Collection;

/** Maven exclusion patterns {@code group:artifact}, either part may be {@code *}. */
final class ExclusionPattern {
    private ExclusionPattern() {
    }

    static boolean anyMatches(Collection<String> patterns, String groupId, String artifactId) {
        for (String p : patterns) {
            int colon = p.indexOf(':');
            String g = colon < 0 ? p : p.substring(0, colon);
            String a = colon < 0 ? "*" : p.substring(colon + 1);
            if ((g.equals("*") || g.equals(groupId)) && (a.equals("*") || a.equals(artifactId))) {
                return true;
            }
        }
        return false;
    }
}
