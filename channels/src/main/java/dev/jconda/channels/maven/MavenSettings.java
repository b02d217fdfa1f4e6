package dev.jconda.channels.maven;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What jconda takes from Maven's {@code settings.xml} ({@code $JCONDA_MAVEN_SETTINGS}, else
 * {@code $HOME/.m2/settings.xml}): {@code <mirrors>} (a mirror of {@code central} or {@code *} replaces Maven
 * Central's URL) and {@code <servers>} (user name and password for the repository or mirror of that id), so a
 * company's repository manager works as it does for {@code mvn}. Nothing else of the file is read.
 *
 * @param file  the file looked at
 * @param found whether it exists
 */
public record MavenSettings(Path file, boolean found, List<Mirror> mirrors, List<Server> servers) {

    public MavenSettings {
        mirrors = List.copyOf(mirrors);
        servers = List.copyOf(servers);
    }

    public record Mirror(String id, String url, String mirrorOf) {
    }

    /** Credentials for a repository id; {@link #toString} never shows the password. */
    public record Server(String id, String username, String password) {
        /** Maven's encrypted passwords ({@code {...}}) need settings-security.xml, which jconda does not read. */
        public boolean encrypted() {
            return password != null && password.startsWith("{") && password.endsWith("}");
        }

        @Override
        public String toString() {
            return "Server[id=" + id + ", username=" + username + ", password=" + (password == null ? "none" : "***")
                    + "]";
        }
    }

    public static Path location(Map<String, String> env) {
        String configured = env.get("JCONDA_MAVEN_SETTINGS");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".m2", "settings.xml");
    }

    public static MavenSettings read(Map<String, String> env) {
        Path file = location(env);
        if (!Files.isRegularFile(file)) {
            return new MavenSettings(file, false, List.of(), List.of());
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = factory.newDocumentBuilder().parse(file.toFile());
            List<Mirror> mirrors = new ArrayList<>();
            for (Element m : elements(doc.getDocumentElement(), "mirror")) {
                mirrors.add(new Mirror(text(m, "id"), text(m, "url"), text(m, "mirrorOf")));
            }
            List<Server> servers = new ArrayList<>();
            for (Element s : elements(doc.getDocumentElement(), "server")) {
                servers.add(new Server(text(s, "id"), text(s, "username"), text(s, "password")));
            }
            return new MavenSettings(file, true, mirrors, servers);
        } catch (Exception e) {
            throw new IllegalArgumentException(file + ": not a readable Maven settings file: " + e.getMessage(), e);
        }
    }

    /** The mirror Maven would use for the repository {@code id} ({@code central}). */
    public Optional<Mirror> mirrorOf(String id) {
        return mirrors.stream().filter(m -> m.url() != null && m.mirrorOf() != null)
                .filter(m -> List.of(m.mirrorOf().split(",")).stream().map(String::strip)
                        .anyMatch(x -> x.equals(id) || x.equals("*") || x.equals("external:*")))
                .findFirst();
    }

    /**
     * Answers a server's 401 for URLs under a mirror whose id has a {@code <server>}: the plain HTTP downloads
     * (checksums, locked files) then carry the same credentials Maven Resolver uses; null when there are none.
     */
    public java.net.Authenticator authenticator() {
        List<Map.Entry<String, Server>> byUrl = new ArrayList<>();
        for (Mirror m : mirrors) {
            server(m.id()).filter(s -> s.username() != null && s.password() != null && m.url() != null)
                    .ifPresent(s -> byUrl.add(Map.entry(m.url().replaceAll("/+$", ""), s)));
        }
        if (byUrl.isEmpty()) {
            return null;
        }
        return new java.net.Authenticator() {
            @Override
            protected java.net.PasswordAuthentication getPasswordAuthentication() {
                String url = String.valueOf(getRequestingURL());
                return byUrl.stream().filter(e -> url.startsWith(e.getKey())).findFirst()
                        .map(e -> new java.net.PasswordAuthentication(e.getValue().username(),
                                e.getValue().password().toCharArray()))
                        .orElse(null);
            }
        };
    }

    public Optional<Server> server(String id) {
        return servers.stream().filter(s -> id.equals(s.id())).findFirst();
    }

    private static List<Element> elements(Element root, String tag) {
        NodeList nodes = root.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
    }
}
