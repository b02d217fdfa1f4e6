package dev.jconda.cli.workflow;

import dev.jconda.lock.LockedPackage;
import dev.jconda.model.VirtualPackage;
import dev.jconda.prefix.InstallError;
import dev.jconda.spec.MatchSpec;

import java.util.List;
import java.util.Locale;

/**
 * Before installing a lock made elsewhere: every package's needs of the machine ({@code virtual-depends:},
 * {@code __cuda >=12.4}) against this machine's virtual packages. A CUDA lock on a host without the driver would
 * install and then fail at the first {@code libcuda.so.1}; this says so before anything is downloaded.
 */
public final class MachineCheck {
    private MachineCheck() {
    }

    public static void require(List<LockedPackage> packages, List<VirtualPackage> machine, String lockName) {
        for (LockedPackage p : packages) {
            for (String need : p.virtualDepends()) {
                MatchSpec spec = MatchSpec.parse(need);
                List<VirtualPackage> same = machine.stream().filter(v -> v.name().equals(spec.name())).toList();
                if (same.stream().anyMatch(spec::matches)) {
                    continue;
                }
                String variable = "JCONDA_OVERRIDE_" + spec.name().value().substring(2).toUpperCase(Locale.ROOT);
                String has = same.isEmpty() ? "this machine has no " + spec.name()
                        : "this machine has " + spec.name() + " " + same.getFirst().version();
                throw new InstallError(lockName + ": " + p.name() + " " + PackageDiff.describe(p) + " needs "
                        + need + ", but " + has + "; install on a machine that has it, re-lock for this one, or set "
                        + variable + " to install anyway");
            }
        }
    }
}
