package dev.jconda.cli;

import dev.jconda.channels.index.BuiltinChannels;
import dev.jconda.channels.maven.MavenRepository;
import dev.jconda.channels.maven.MavenSettings;
import dev.jconda.platform.JsonWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "config", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Show jconda's configuration: folders, channels, mirrors, credentials.",
                "",
                "Its folders, the default and built-in channels, the Maven Central URL in use and why, and the "
                        + "mirrors and credentials read from Maven's settings.xml (which file; passwords are never "
                        + "printed)."})
final class ConfigCommand implements Runnable {
    private final Context context;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    ConfigCommand(Context context) {
        this.context = context;
    }

    @Override
    public void run() {
        MavenSettings settings = MavenSettings.read(context.env());
        MavenRepository central = MavenRepository.central(context.env());
        String centralSource = notBlank(context.env().get("JCONDA_MAVEN_CENTRAL_URL")) ? "JCONDA_MAVEN_CENTRAL_URL"
                : settings.mirrorOf("central").map(m -> "mirror '" + m.id() + "' in " + settings.file())
                .orElse("default");
        if (json) {
            JsonWriter out = new JsonWriter().beginObject()
                    .name("root").value(context.home().root().toString())
                    .name("envs").value(context.home().envs().toString())
                    .name("pkgs").value(context.home().pkgs().toString())
                    .name("default_channels").beginArray().value("maven-central").endArray()
                    .name("builtin_channels").beginArray();
            new BuiltinChannels().names().forEach(out::value);
            out.endArray().name("maven_central").value(central.url().toString())
                    .name("maven_central_source").value(centralSource)
                    .name("maven_settings").value(settings.file().toString())
                    .name("maven_settings_found").value(settings.found())
                    .name("mirrors").beginArray();
            settings.mirrors().forEach(m -> out.beginObject().name("id").value(m.id()).name("url").value(m.url())
                    .name("mirror_of").value(m.mirrorOf()).endObject());
            out.endArray().name("servers").beginArray();
            settings.servers().forEach(s -> out.beginObject().name("id").value(s.id())
                    .name("username").value(s.username()).name("password").value(password(s)).endObject());
            context.out().println(out.endArray().endObject());
            return;
        }
        var o = context.out();
        o.println("root:              " + context.home().root());
        o.println("envs:              " + context.home().envs());
        o.println("package cache:     " + context.home().pkgs());
        o.println("default channels:  maven-central");
        o.println("built-in channels: " + String.join(", ", new BuiltinChannels().names()));
        o.println("maven central:     " + central.url() + " (" + centralSource + ")");
        o.println("maven settings:    " + settings.file() + (settings.found() ? "" : " (not found; nothing read)"));
        for (MavenSettings.Mirror m : settings.mirrors()) {
            o.println("  mirror " + m.id() + ": " + m.url() + " (mirrorOf " + m.mirrorOf() + ")"
                    + (settings.mirrorOf("central").filter(m::equals).isPresent() ? " - used for maven-central"
                    : " - not used: jconda mirrors only central"));
        }
        for (MavenSettings.Server s : settings.servers()) {
            o.println("  server " + s.id() + ": user " + s.username() + ", password " + password(s));
        }
    }

    private static String password(MavenSettings.Server s) {
        return s.password() == null ? "none" : s.encrypted() ? "encrypted (not supported: settings-security.xml is "
                + "not read)" : "set (hidden)";
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
