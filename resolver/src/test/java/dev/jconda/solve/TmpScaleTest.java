package dev.jconda.solve;
import dev.jconda.model.*;
import dev.jconda.model.VersionConstraint.Operator;
import org.junit.jupiter.api.Test;
import java.util.*;
import static dev.jconda.solve.SyntheticProvider.*;
class TmpScaleTest {
    @Test void scale() {
        for (int packages : new int[]{10000}) {
            for (int upperEvery : new int[]{0, 50, 20, 10}) {
            SyntheticProvider provider = new SyntheticProvider();
            Random random = new Random(42);
            for (int i = 0; i < packages; i++) {
                List<Requirement> deps = new ArrayList<>();
                List<Integer> targets = new ArrayList<>();
                for (int child = 2 * i + 1; child <= 2 * i + 2 && child < packages; child++) targets.add(child);
                for (int extra = 0; extra < 2 && i + 1 < packages; extra++) targets.add(i + 1 + random.nextInt(packages - i - 1));
                for (int target : targets) {
                    VersionConstraint c = upperEvery > 0 && random.nextInt(upperEvery) == 0 ? at(Operator.LT, String.valueOf(6 + random.nextInt(5))) : at(Operator.GE, String.valueOf(1 + random.nextInt(5)));
                    deps.add(requirement("p" + target, c, "p" + i));
                }
                for (int v = 10; v >= 1; v--) provider.add("p" + i, String.valueOf(v), deps);
            }
            long start = System.nanoTime();
            SolveResult r = new Solver(provider).solve(SolveRequest.of(List.of(Requirement.of(PackageName.of("p0"), VersionConstraint.any(), "env"))));
            System.out.println("n=" + packages + " upper=" + upperEvery + " " + (System.nanoTime() - start) / 1_000_000 + " ms " + r.getClass().getSimpleName());
            }
        }
    }
}
