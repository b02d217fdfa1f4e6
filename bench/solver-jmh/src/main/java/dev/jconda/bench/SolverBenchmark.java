package dev.jconda.bench;

import dev.jconda.solve.SolveResult;
import dev.jconda.solve.Solver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Average time of one {@link Solver#solve} on synthetic graphs built once per fork with a fixed seed (see
 * {@link Graphs}). Each setup solves once and checks the answer, so a benchmark never times a wrong result.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class SolverBenchmark {

    /** (a) 10,000 packages, 100,000 versions, a layered DAG with Maven ranges; always solvable. */
    @State(Scope.Benchmark)
    public static class Layered {
        @Param("10000")
        public int packages;
        @Param("10")
        public int versionsEach;
        @Param("20")
        public int layers;

        Graphs.Problem problem;

        @Setup(Level.Trial)
        public void setUp() {
            problem = Graphs.layered(42L, packages, versionsEach, layers);
            SolveResult r = new Solver(problem.provider()).solve(problem.request());
            String wrong = Graphs.problems(problem.provider(), problem.request(), r);
            if (wrong != null) {
                throw new IllegalStateException("layered: " + wrong);
            }
            System.out.println("\nlayered: " + problem.description() + "; solution has "
                    + ((SolveResult.Solved) r).packages().size() + " packages");
        }
    }

    /** (b) Two chains whose newest versions clash at the bottom: the solver walks every link down to version 1. */
    @State(Scope.Benchmark)
    public static class DeepConflict {
        @Param({"50", "100"})
        public int depth;
        @Param("50")
        public int versionsEach;

        Graphs.Problem problem;

        @Setup(Level.Trial)
        public void setUp() {
            problem = Graphs.deepConflict(depth, versionsEach);
            SolveResult r = new Solver(problem.provider()).solve(problem.request());
            String wrong = Graphs.problems(problem.provider(), problem.request(), r);
            if (wrong != null) {
                throw new IllegalStateException("deepConflict: " + wrong);
            }
            System.out.println("\ndeepConflict: " + problem.description() + "; solution has "
                    + ((SolveResult.Solved) r).packages().size() + " packages");
        }
    }

    /** (c) The same chains with no solution; the time includes writing the explanation. */
    @State(Scope.Benchmark)
    public static class Unsatisfiable {
        @Param({"50", "100"})
        public int depth;
        @Param("50")
        public int versionsEach;

        Graphs.Problem problem;

        @Setup(Level.Trial)
        public void setUp() {
            problem = Graphs.unsatisfiable(depth, versionsEach);
            SolveResult r = new Solver(problem.provider()).solve(problem.request());
            if (!(r instanceof SolveResult.Unsatisfiable u)) {
                throw new IllegalStateException("unsatisfiable: the solver found " + r);
            }
            String text = u.explanation();
            System.out.println("\nunsatisfiable: " + problem.description() + "; explanation of " + text.length()
                    + " chars; it begins: " + (text.length() > 160 ? text.substring(0, 160) + "..." : text));
        }
    }

    @Benchmark
    public SolveResult layered(Layered s) {
        return new Solver(s.problem.provider()).solve(s.problem.request());
    }

    @Benchmark
    public SolveResult deepConflict(DeepConflict s) {
        return new Solver(s.problem.provider()).solve(s.problem.request());
    }

    @Benchmark
    public SolveResult unsatisfiable(Unsatisfiable s) {
        return new Solver(s.problem.provider()).solve(s.problem.request());
    }
}
