package dev.jconda.cli;

import dev.jconda.cli.workflow.Environments;
import dev.jconda.cli.workflow.PackageDiff;

/**
 * The last steps every changing command shares: show the plan, ask, apply, report. The plan itself comes from
 * {@link Environments}.
 */
final class ChangeEnvironment {
    private ChangeEnvironment() {
    }

    /** @return the exit code: 0, or 1 when the user declined */
    static int confirmAndApply(Context context, ChangeOptions options, Environments.Plan plan) {
        if (plan.diff().isEmpty() && !plan.before().isEmpty()
                && InstalledEnvironments.load(plan.prefix()).activation().equals(plan.activation())
                // same packages, but another jconda's server: re-installing is how an environment takes this one's
                && OutdatedServerNotice.of(context, plan.prefix()).isEmpty()) {
            context.out().println(options.json() ? ResultJson.of(plan, plan.diff())
                    : "Environment " + plan.name() + " is already up to date");
            return ExitCodes.OK;
        }
        if (!options.confirm(context, plan)) {
            context.err().println("jconda: nothing changed");
            return ExitCodes.FAILED;
        }
        options.environments(context).apply(plan, options.commandLine(), options.solveOptions.offline);
        PackageDiff diff = plan.diff();
        context.out().println(options.json() ? ResultJson.of(plan, diff)
                : "Updated environment " + plan.name() + " (" + diff.size() + " changes)");
        return ExitCodes.OK;
    }
}
