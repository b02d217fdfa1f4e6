package dev.jconda.channels;

import dev.jconda.model.ChannelPackage;
import dev.jconda.model.Package;
import dev.jconda.model.PackageName;
import dev.jconda.model.Requirement;
import dev.jconda.model.Version;
import dev.jconda.model.VersionConstraint;
import dev.jconda.solve.SolveRequest;
import dev.jconda.solve.SolveResult;
import dev.jconda.solve.Solver;
import dev.jconda.spec.ChannelPriority;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Channel priority between channel indexes (conda names): the same rule as between Maven repositories. */
class ChannelPriorityOfIndexesTest {
    private static final PackageName ENGINE = PackageName.of("engine");

    private record Index(String name, List<ChannelPackage> all) implements PackageSources.PackageIndex {
        @Override
        public List<ChannelPackage> packages(PackageName n) {
            return all.stream().filter(p -> p.name().equals(n)).toList();
        }
    }

    private static ChannelPackage engine(String channel, String version) {
        return new ChannelPackage(ENGINE, Version.of(version), "cpu_0", 0, channel, List.of(), List.of(), Map.of());
    }

    private static PackageSources sources(ChannelPriority priority) {
        Index acme = new Index("acme", List.of(engine("acme", "1.1"), engine("acme", "1.0")));
        Index community = new Index("community", List.of(engine("community", "3.0"), engine("community", "1.0")));
        ChannelPolicy policy = new ChannelPolicy(priority, Map.of(),
                Map.of("acme", new ChannelLabel("./acme", 1), "community", new ChannelLabel("./community", 2)),
                Map.of());
        return new PackageSources(null, List.of(acme, community), List::of, List.of(), policy);
    }

    private static List<String> offered(ChannelPriority priority) {
        return sources(priority).candidates(ENGINE).stream()
                .map(p -> ((ChannelPackage) p).channel() + " " + p.version()).toList();
    }

    private static String solve(ChannelPriority priority, VersionConstraint constraint) {
        SolveResult r = new Solver(sources(priority)).solve(SolveRequest.of(List.of(
                Requirement.of(ENGINE, constraint, "environment.yml"))));
        if (r instanceof SolveResult.Solved s) {
            ChannelPackage p = (ChannelPackage) s.packages().getFirst();
            return p.channel() + " " + p.version();
        }
        return "unsatisfiable";
    }

    private static final VersionConstraint AT_LEAST_2 =
            new VersionConstraint.Compare(VersionConstraint.Operator.GE, Version.of("2"));

    @Test
    void strictOffersOnlyTheFirstChannelThatHasTheName() {
        assertEquals(List.of("acme 1.1", "acme 1.0"), offered(ChannelPriority.STRICT));
        assertEquals(List.of("acme 1.1", "unsatisfiable"), solveAnyAndAtLeast2(ChannelPriority.STRICT));
    }

    @Test
    void flexibleOffersTheHigherChannelFirstAndTheLowerOneWhenItMustAsConda() {
        // 1.0 is in both: the lower channel's copy is no second candidate
        assertEquals(List.of("acme 1.1", "acme 1.0", "community 3.0"), offered(ChannelPriority.FLEXIBLE));
        assertEquals(List.of("acme 1.1", "community 3.0"), solveAnyAndAtLeast2(ChannelPriority.FLEXIBLE));
    }

    private static List<String> solveAnyAndAtLeast2(ChannelPriority priority) {
        return List.of(solve(priority, VersionConstraint.any()), solve(priority, AT_LEAST_2));
    }

    @Test
    void disabledMergesVersionsAndTheHighestWins() {
        assertEquals(List.of("community 3.0", "acme 1.1", "acme 1.0"), offered(ChannelPriority.DISABLED));
        assertEquals("community 3.0", solve(ChannelPriority.DISABLED, VersionConstraint.any()));
    }

    @Test
    void aPinTakesTheNameFromTheChannelItNamesWhateverThePriority() {
        PackageSources s = sources(ChannelPriority.STRICT);
        PackageSources pinned = new PackageSources(null, List.of(new Index("acme", List.of(engine("acme", "1.1"))),
                new Index("community", List.of(engine("community", "3.0")))), List::of, List.of(),
                new ChannelPolicy(ChannelPriority.STRICT, Map.of(), s.policy().indexes(),
                        Map.of(ENGINE, "./community")));
        List<Package> offered = pinned.candidates(ENGINE);
        assertEquals(1, offered.size());
        assertEquals("community", assertInstanceOf(ChannelPackage.class, offered.getFirst()).channel());
    }

    @Test
    void theReportNamesBothChannels() {
        PackageSources s = sources(ChannelPriority.STRICT);
        String note = new PriorityReport(s).newerInLowerChannels(engine("acme", "1.1")).orElseThrow();
        assertEquals("engine 1.1 comes from ./acme (priority 1); ./community (priority 2) also has 3.0, hidden by "
                + "strict priority", note);
        String hidden = new PriorityReport(s.withPriority(ChannelPriority.FLEXIBLE))
                .hiddenByStrictPriority(engine("community", "3.0")).orElseThrow();
        assertTrue(hidden.contains("exists in ./community (priority 2), hidden because ./acme (priority 1) has engine"),
                hidden);
    }
}
