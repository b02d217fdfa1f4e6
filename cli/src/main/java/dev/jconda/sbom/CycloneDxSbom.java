package dev.jconda.sbom;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;
import dev.jconda.lock.LockFile;
import dev.jconda.lock.LockFileWriter;
import dev.jconda.lock.LockedPackage;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.ExternalReference;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.metadata.ToolInformation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A CycloneDX SBOM of one platform of a lock: every locked package as a component (Maven artifacts as
 * {@code pkg:maven/...}, channel packages as {@code pkg:conda/...} with their channel and subdir, the JDK as a
 * platform), with the lock's hashes, download URL and provenance, and the lock's dependency graph from the
 * environment down. Built from the lock alone, so it describes exactly what {@code env create} installs; the same
 * lock always gives the same bytes (no timestamp; the serial number is derived from the lock).
 */
public final class CycloneDxSbom {
    public static final Version SPEC_VERSION = Version.VERSION_16;
    private static final String PROPERTY = "jconda:";

    private final String toolVersion;

    /** @param toolVersion jconda's version, recorded as the tool that wrote the SBOM */
    public CycloneDxSbom(String toolVersion) {
        this.toolVersion = toolVersion;
    }

    /** The SBOM as CycloneDX JSON. */
    public String json(LockFile lock, String platform) {
        try {
            return BomGeneratorFactory.createJson(SPEC_VERSION, bom(lock, platform)).toJsonString() + "\n";
        } catch (GeneratorException e) {
            throw new IllegalStateException("CycloneDX could not write the SBOM: " + e.getMessage(), e);
        }
    }

    /** @param platform a subdir the lock has packages for */
    public Bom bom(LockFile lock, String platform) {
        List<LockedPackage> packages = lock.packages(platform).orElseThrow(() -> new IllegalArgumentException(
                "the lock has no packages for " + platform));
        Bom bom = new Bom();
        String rendered = new LockFileWriter().render(lock) + platform;
        bom.setSerialNumber("urn:uuid:" + UUID.nameUUIDFromBytes(rendered.getBytes(StandardCharsets.UTF_8)));

        Component environment = new Component();
        environment.setType(Component.Type.APPLICATION);
        String name = lock.name().isEmpty() ? "environment" : lock.name();
        environment.setName(name);
        environment.setBomRef("environment:" + name);
        environment.setProperties(List.of(new Property(PROPERTY + "platform", platform),
                new Property(PROPERTY + "inputs-hash", lock.inputsHash()),
                new Property(PROPERTY + "channels", String.join(" ", lock.channels()))));
        Metadata metadata = new Metadata();
        metadata.setTimestamp(null); // optional in CycloneDX; without it the same lock gives the same bytes
        metadata.setComponent(environment);
        Component tool = new Component();
        tool.setType(Component.Type.APPLICATION);
        tool.setName("jconda");
        tool.setVersion(toolVersion);
        ToolInformation tools = new ToolInformation();
        tools.setComponents(List.of(tool));
        metadata.setToolChoice(tools);
        bom.setMetadata(metadata);

        Map<String, String> refs = new HashMap<>();
        List<Component> components = new ArrayList<>();
        for (LockedPackage p : packages) {
            Component c = component(p, platform);
            refs.put(p.name(), c.getBomRef());
            components.add(c);
        }
        bom.setComponents(components);

        List<Dependency> graph = new ArrayList<>();
        Dependency root = new Dependency(environment.getBomRef());
        packages.stream().filter(LockedPackage::requested).forEach(p -> root.addDependency(
                new Dependency(refs.get(p.name()))));
        graph.add(root);
        for (LockedPackage p : packages) {
            Dependency d = new Dependency(refs.get(p.name()));
            p.depends().stream().filter(refs::containsKey).forEach(n -> d.addDependency(new Dependency(refs.get(n))));
            graph.add(d);
        }
        bom.setDependencies(graph);
        return bom;
    }

    private static Component component(LockedPackage p, String platform) {
        Component c = new Component();
        c.setVersion(p.version());
        List<Property> properties = new ArrayList<>();
        String purl = switch (p.kind()) {
            case MAVEN -> {
                MavenCoordinates m = MavenCoordinates.of(p.coordinates());
                c.setType(Component.Type.LIBRARY);
                c.setGroup(m.groupId());
                c.setName(m.artifactId());
                yield m.purl();
            }
            case CHANNEL -> {
                c.setType(Component.Type.LIBRARY);
                c.setName(p.name());
                if (!p.coordinates().isEmpty()) {
                    properties.add(new Property(PROPERTY + "maven-coordinates", p.coordinates()));
                }
                yield condaPurl(p, platform);
            }
            case JDK -> {
                c.setType(Component.Type.PLATFORM);
                c.setName(p.name());
                yield p.channel().isEmpty() || p.install() == LockedPackage.Install.NONE ? null : condaPurl(p, platform);
            }
        };
        c.setPurl(purl);
        c.setBomRef(purl != null ? purl : "jconda:" + p.kind().id() + ":" + p.name() + "@" + p.version());
        List<Hash> hashes = new ArrayList<>();
        if (!p.sha256().isEmpty()) {
            hashes.add(new Hash(Hash.Algorithm.SHA_256, p.sha256()));
        }
        if (!p.sha1().isEmpty()) {
            hashes.add(new Hash(Hash.Algorithm.SHA1, p.sha1()));
        }
        if (!hashes.isEmpty()) {
            c.setHashes(hashes);
        }
        if (p.url().contains("://")) {
            ExternalReference download = new ExternalReference();
            download.setType(ExternalReference.Type.DISTRIBUTION);
            download.setUrl(p.url());
            c.setExternalReferences(List.of(download));
        } else if (!p.url().isEmpty()) {
            properties.add(new Property(PROPERTY + "path", p.url())); // a JDK found on this machine
        }
        if (!p.channel().isEmpty()) {
            properties.add(new Property(PROPERTY + "channel", p.channel()));
        }
        if (!p.sourceChannel().isEmpty()) {
            properties.add(new Property(PROPERTY + "source-channel", p.sourceChannel()));
        }
        if (p.checksumSource() != null) {
            properties.add(new Property(PROPERTY + "checksum-source", p.checksumSource().id()));
        }
        if (!p.file().isEmpty()) {
            properties.add(new Property(PROPERTY + "file", p.file()));
        }
        properties.add(new Property(PROPERTY + "install", p.install().id()));
        c.setProperties(properties);
        return c;
    }

    /** conda's purl type: the channel and subdir a package came from are part of its identity. */
    private static String condaPurl(LockedPackage p, String platform) {
        try {
            PackageURLBuilder b = PackageURLBuilder.aPackageURL().withType("conda").withName(p.name())
                    .withVersion(p.version()).withQualifier("subdir", platform);
            if (!p.build().isEmpty()) {
                b.withQualifier("build", p.build());
            }
            if (!p.channel().isEmpty()) {
                b.withQualifier("channel", p.channel());
            }
            return b.build().canonicalize();
        } catch (MalformedPackageURLException e) {
            throw new IllegalArgumentException("cannot name " + p.name() + " " + p.version() + " as a package URL: "
                    + e.getMessage(), e);
        }
    }

    /** The lock's {@code group:artifact:extension[:classifier]:version}. */
    private record MavenCoordinates(String groupId, String artifactId, String extension, String classifier,
                                    String version) {
        static MavenCoordinates of(String coordinates) {
            String[] c = coordinates.split(":");
            if (c.length != 4 && c.length != 5) {
                throw new IllegalArgumentException("malformed Maven coordinates in the lock: " + coordinates);
            }
            return new MavenCoordinates(c[0], c[1], c[2], c.length == 5 ? c[3] : "", c[c.length - 1]);
        }

        String purl() {
            try {
                PackageURLBuilder b = PackageURLBuilder.aPackageURL().withType("maven").withNamespace(groupId)
                        .withName(artifactId).withVersion(version);
                if (!classifier.isEmpty()) {
                    b.withQualifier("classifier", classifier);
                }
                if (!extension.equals("jar")) {
                    b.withQualifier("type", extension);
                }
                return b.build().canonicalize();
            } catch (MalformedPackageURLException e) {
                throw new IllegalArgumentException("cannot name " + groupId + ":" + artifactId + " as a package URL: "
                        + e.getMessage(), e);
            }
        }
    }
}
