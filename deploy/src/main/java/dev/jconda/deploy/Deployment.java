package dev.jconda.deploy;

import dev.jconda.prefix.PrefixInstaller;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An environment made ready to leave this machine: its contents, a linked runtime of its JDK and its files in
 * layers, with the generated files in a staging folder that goes away on {@link #close()}.
 */
public record Deployment(EnvironmentContents env, RelocatedEnvironment relocated, RuntimeLinker.Runtime runtime,
                         DeploymentFiles files, Path staging) implements AutoCloseable {

    public static Deployment prepare(Path prefix, RuntimeLinker linker) {
        EnvironmentContents env = EnvironmentContents.read(prefix);
        List<Path> jars = new ArrayList<>(env.tools());
        jars.addAll(env.jars());
        RuntimeLinker.Runtime runtime = linker.link(env.javaHome(), jars);
        RelocatedEnvironment relocated = new RelocatedEnvironment(env);
        Path staging;
        try {
            staging = Files.createTempDirectory("jconda-deploy");
        } catch (IOException e) {
            throw DeployError.failed("cannot create a staging folder: " + e.getMessage(), e);
        }
        try {
            return new Deployment(env, relocated, runtime, DeploymentFiles.assemble(relocated, runtime.home(), staging),
                    staging);
        } catch (RuntimeException e) {
            PrefixInstaller.deleteTree(staging);
            throw e;
        }
    }

    @Override
    public void close() {
        PrefixInstaller.deleteTree(staging);
    }
}
