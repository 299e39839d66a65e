package org.heatbench.harness.faithfulness;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.statistics.distribution.TDistribution;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.harness.EvaluationOptions;
import org.heatbench.methods.AttributionMethod;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.perturbation.PerturbationConfig;
import org.heatbench.perturbation.PerturbationFunction;
import org.heatbench.perturbation.RegionScheme;
import org.heatbench.perturbation.StreamKey;
import org.heatbench.perturbation.eval.OnnxScorer;
import org.heatbench.perturbation.eval.RecordInput;
import org.heatbench.perturbation.run.ChunkEvaluator;
import org.heatbench.perturbation.run.PerturbationRunner;
import org.heatbench.perturbation.run.RunSpec;
import org.heatbench.perturbation.scores.SubsetScores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code heatbench faithfulness}: faithfulness correlation (Bhatt et al. 2020) and monotonicity (Nguyen &amp;
 * Martínez 2020) of every method on one model over records of a store ({@link SubsetScores}); writes
 * {@code faithfulness.csv} (record × method) and prints each method's mean with a 95% Student-t interval.
 */
@Command(name = "faithfulness", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Faithfulness correlation and monotonicity of attribution methods.",
            "Example: heatbench faithfulness --model models/qt.onnx --dataset data/default --target qt "
                    + "--method saliency,integrated_gradients,random --records 16 --out results/qt-faithfulness"})
public final class FaithfulnessCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    EvaluationOptions inputs;

    @Option(names = "--model", order = -950, required = true, description = "ONNX model file")
    Path model;


    @Option(names = "--target", order = -850, required = true, description = "target of the model")
    String target;


    @Option(names = "--perturbation", order = -750, defaultValue = "zero", description = "how a region is removed "
            + "(default: ${DEFAULT-VALUE})")
    String perturbation;

    @Option(names = "--regions", order = -725, defaultValue = "point", description = "regions of the random subsets "
            + "(default: ${DEFAULT-VALUE})")
    String regions;

    @Option(names = "--subsets", order = -700,
            defaultValue = "100", description = "random subsets T (default: ${DEFAULT-VALUE})")
    int subsets;

    @Option(names = "--subset-fraction", order = -675,
            defaultValue = "0.05", description = "share of the regions per subset "
            + "(default: ${DEFAULT-VALUE})")
    double fraction;

    @Option(names = "--monotonicity-regions", order = -650,
            defaultValue = "lead_window:w=20", description = "regions of the "
            + "monotonicity test, each perturbed alone (default: ${DEFAULT-VALUE})")
    String monotonicityRegions;

    @Option(names = "--records", order = -600, defaultValue = "16", description = "records (default: ${DEFAULT-VALUE})")
    int records;


    @Option(names = "--seed", order = -450, defaultValue = "0", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", order = -400,
            defaultValue = "0", description = "ONNX Runtime threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--out", order = -350, required = true, description = "output directory (created)")
    Path out;

    @Option(names = "--overwrite", order = -300, description = "replace faithfulness.csv in --out")
    boolean overwrite;

    private final MethodRegistry registry;

    public FaithfulnessCommand(MethodRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Integer call() {
        inputs.checkOut(out, List.of("faithfulness.csv"), overwrite, model);
        Target t = Target.parse(target);
        List<AttributionMethod> methods = inputs.methods(registry);
        RegionScheme scheme = RegionScheme.parse(regions);
        RegionScheme mono = RegionScheme.parse(monotonicityRegions);
        PerturbationFunction function = PerturbationFunction.parse(perturbation);
        if (!(fraction > 0 && fraction <= 1)) {
            throw new ConfigurationException("--subset-fraction must be in (0, 1], got " + fraction);
        }
        OnnxModel onnx = OnnxModel.load(model);
        ExecutionOptions exec = ExecutionOptions.defaults().withIntraOpThreads(threads);
        RunSpec rs = RunSpec.of(t, methods, PerturbationConfig.study(t), seed).withExecution(exec);
        StringBuilder csv = new StringBuilder("record_id,method,faithfulness_correlation,monotonicity\n");
        Map<String, List<double[]>> byMethod = new LinkedHashMap<>();
        rs.methodNames().forEach(m -> byMethod.put(m, new ArrayList<>()));
        try (EcgStore store = EcgStore.open(inputs.dataset())) {
            List<Lead> leads = PerturbationRunner.leadsFor(onnx, store);
            int regionCount = scheme.count(leads.size(), store.samples());
            SubsetScores scores = new SubsetScores(scheme, mono, function, subsets,
                    Math.max(1, (int) Math.round(fraction * regionCount)));
            int[] all = inputs.splitIndices(store);
            int[] idx = Arrays.copyOf(all, Math.min(records, all.length));
            if (idx.length == 0) {
                throw new ConfigurationException("no " + inputs.split() + " records in " + inputs.dataset());
            }
            try (ChunkEvaluator ev = ChunkEvaluator.create(onnx, rs, leads, store.samples(), store.samplingRateHz(),
                    exec); OnnxScorer scorer = OnnxScorer.create(onnx, exec, 0, 0, leads.size(), store.samples())) {
                for (RecordInput in : ev.attribute(store.read(idx, leads))) {
                    Map<String, double[]> s = scores.score(scorer, in.signal(), in.attributions(),
                            new StreamKey(seed, in.id(), t.key()));
                    for (Map.Entry<String, double[]> e : s.entrySet()) {
                        csv.append(q(in.id())).append(',').append(q(e.getKey())).append(',')
                                .append(f(e.getValue()[0])).append(',').append(f(e.getValue()[1])).append('\n');
                        byMethod.get(e.getKey()).add(e.getValue());
                    }
                }
            }
        }
        try {
            Files.createDirectories(out);
            Files.writeString(out.resolve("faithfulness.csv"), csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out.resolve("faithfulness.csv"), e);
        }
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "%-40s  %-28s  %-28s%n", "method", "faithfulness correlation", "monotonicity");
        for (Map.Entry<String, List<double[]>> e : byMethod.entrySet()) {
            o.printf(Locale.ROOT, "%-40s  %-28s  %-28s%n", e.getKey(), meanCi(e.getValue(), 0), meanCi(e.getValue(), 1));
        }
        o.println("per record in " + out.resolve("faithfulness.csv"));
        o.flush();
        return 0;
    }

    private static String meanCi(List<double[]> rows, int k) {
        double[] v = rows.stream().mapToDouble(r -> r[k]).filter(Double::isFinite).toArray();
        if (v.length == 0) {
            return "n/a";
        }
        double mean = Arrays.stream(v).average().orElseThrow();
        if (v.length < 2) {
            return String.format(Locale.ROOT, "%.3f (n = 1)", mean);
        }
        double ss = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum();
        double half = TDistribution.of(v.length - 1).inverseSurvivalProbability(0.025)
                * Math.sqrt(ss / (v.length - 1) / v.length);
        return String.format(Locale.ROOT, "%.3f [%.3f, %.3f] n=%d", mean, mean - half, mean + half, v.length);
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static String q(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
