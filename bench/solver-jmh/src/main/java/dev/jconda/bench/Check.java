package dev.jconda.bench;

import dev.jconda.solve.SolveResult;
import dev.jconda.solve.Solver;

/**
 * Solves each benchmark problem a few times outside JMH and prints the times and answers: a quick look when
 * choosing sizes. {@code java -cp target/benchmarks.jar dev.jconda.bench.Check [depth versions]}
 */
public final class Check {
    private Check() {
    }

    public static void main(String[] args) {
        int depth = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int versions = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        run(Graphs.layered(42L, 10_000, 10, 20));
        run(Graphs.deepConflict(depth, versions));
        run(Graphs.unsatisfiable(depth, versions));
    }

    private static void run(Graphs.Problem problem) {
        System.out.println(problem.description());
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            SolveResult r = new Solver(problem.provider()).solve(problem.request());
            long ms = (System.nanoTime() - start) / 1_000_000;
            String what = switch (r) {
                case SolveResult.Solved s -> "solved, " + s.packages().size() + " packages, check: "
                        + (Graphs.problems(problem.provider(), problem.request(), r) == null ? "ok"
                        : Graphs.problems(problem.provider(), problem.request(), r));
                case SolveResult.Unsatisfiable u -> "unsatisfiable, explanation " + u.explanation().length()
                        + " chars";
            };
            System.out.println("  " + ms + " ms  " + what);
            if (i == 4 && r instanceof SolveResult.Unsatisfiable u) {
                u.explanation().lines().limit(8).forEach(line -> System.out.println("    | " + line));
            }
        }
    }
}
