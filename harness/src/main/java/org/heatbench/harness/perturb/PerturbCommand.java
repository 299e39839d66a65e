package org.heatbench.harness.perturb;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.methods.AttributionMethod;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.onnx.InputTransform;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.methods.runtime.Provider;
import org.heatbench.perturbation.PerturbationConfig;
import org.heatbench.perturbation.eval.BatchBudget;
import org.heatbench.perturbation.io.ResultsWriter;
import org.heatbench.perturbation.run.PerturbationRunner;
import org.heatbench.perturbation.run.RunResult;
import org.heatbench.perturbation.run.RunSpec;
import org.heatbench.perturbation.stats.PerturbationSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code heatbench perturb}: the faithfulness test of attribution methods on one ONNX model over records of a
 * median-beat store — iterative region perturbation (study preset or custom), per-record curves and scores, mean
 * curves with confidence intervals, rankings and paired tests. Progress and ETA go to stderr, a short ranking to
 * stdout, everything else into {@code --out} (see {@code docs/PERTURBATION.md}).
 *
 * <p>This class holds the options and the order of the work; the checks of the inputs are {@link PerturbInputs}'s,
 * the console output {@link PerturbConsole}'s and the provenance of {@code summary.json} {@link PerturbProvenance}'s.
 */
@Command(name = "perturb", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate attribution methods by iterative region perturbation on one ONNX model.",
            "Example: heatbench perturb --model M.onnx --dataset data/synth --target qt "
                    + "--method saliency:abs=false,integrated_gradients --preset study --records 100 --out results/qt"})
public final class PerturbCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "ONNX model file, input [N, leads, samples]")
    Path model;

    @Option(names = "--dataset", required = true, description = "median-beat store directory")
    Path dataset;

    @Option(names = "--target", required = true, description = "target whose truth and masks are used: hr, pr, qrs, "
            + "qt, t_amp_v5, r_amp_v5, stj_v5 (or the study's names); with --kind classification a free key for the "
            + "class (letters, digits, _ . -)")
    String target;

    @Mixin
    ClassOptions classOptions = new ClassOptions();

    @Option(names = "--method", required = true, description = "method(s) NAME[:k=v,...][,NAME...]; repeatable; "
            + "see 'heatbench methods'")
    List<String> methodTexts;

    @Option(names = "--preset", defaultValue = "standard", description = "study (the reference study: |a|, points, "
            + "noise 0.2, 199 steps, MoRF only) or standard (the same with LeRF and the random-order control) "
            + "(default: ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--orders", description = "override: perturbation orders, e.g. morf,lerf,random")
    String orders;

    @Option(names = "--regions", description = "override: point, lead_window:w=W or window:w=W")
    String regions;

    @Option(names = "--perturbation", description = "override: noise:k=K, zero, constant:c=C, lead_mean, "
            + "interpolate, road:k=K")
    String perturbation;

    @Option(names = "--steps", description = "override: perturbation steps K (curves have K + 1 points)")
    Integer steps;

    @Option(names = "--per-step", description = "override: regions perturbed per step")
    Integer perStep;

    @Option(names = "--non-cumulative", description = "override: perturb each step's regions of the clean input only")
    boolean nonCumulative;

    @Option(names = "--score", description = "override: abs or signed attribution scores")
    String score;

    @Option(names = "--auc-steps", split = ",", description = "override: n of the partial areas AUC@n")
    List<Integer> aucSteps;

    @Option(names = "--relative-floor", description = "override: smallest denominator of the relative error, in the "
            + "target's unit (defaults: 10 ms / 10 bpm / 100 uV)")
    Double relativeFloor;

    @Option(names = "--split", defaultValue = "test", description = "records of this split: train, val, test or all "
            + "(default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--records", description = "at most this many records (the first of the split, in store order)")
    Integer records;

    @Option(names = "--seed", defaultValue = "0", description = "seed of randomised methods and of the perturbation "
            + "noise; each record's streams derive from (seed, record id, method, target) (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--batch-budget", defaultValue = "8MiB", description = "perturbed inputs per model run, as bytes "
            + "(e.g. 8MiB, 64MiB); ONNX Runtime activations grow with it (default: ${DEFAULT-VALUE})")
    String batchBudget;

    @Option(names = "--input-scale", defaultValue = "1", description = "factor the model expects on the store's uV "
            + "input, compiled into the model (0.001 for a model that takes mV; default: ${DEFAULT-VALUE})")
    double inputScale;

    @Option(names = "--output-index", defaultValue = "0", description = "which model output (default: ${DEFAULT-VALUE})")
    int outputIndex;

    @Option(names = "--target-index", defaultValue = "0", description = "which value of each record's output "
            + "(default: ${DEFAULT-VALUE})")
    int targetIndex;

    @Option(names = "--threads", defaultValue = "0", description = "ONNX Runtime intra-op threads per worker, 0 = all "
            + "cores shared by the workers (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--workers", defaultValue = "1", description = "parallel workers with their own sessions; results "
            + "do not depend on it (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--chunk", defaultValue = "16", description = "records attributed and evaluated together "
            + "(default: ${DEFAULT-VALUE})")
    int chunk;

    @Option(names = "--provider", defaultValue = "cpu", description = "cpu or cuda (default: ${DEFAULT-VALUE})")
    String provider;

    @Option(names = "--max-rows", defaultValue = "128", description = "rows per ONNX Runtime run of sampling "
            + "attribution methods (default: ${DEFAULT-VALUE})")
    int maxRows;

    @Option(names = "--out", required = true, description = "results directory")
    Path out;

    @Option(names = "--overwrite", description = "replace earlier results in --out")
    boolean overwrite;

    private final MethodRegistry registry;

    public PerturbCommand(MethodRegistry registry) {
        this.registry = registry;
    }

    /**
     * Splits {@code NAME[:k=v,...][,NAME...]}: a comma-separated part that looks like {@code key=value} (an '=' before
     * any ':') continues the previous method's parameters; anything else starts a new method.
     *
     * @throws ConfigurationException when a text starts with a parameter, or no method is named
     */
    public static List<String> splitMethods(List<String> texts) {
        return PerturbInputs.splitMethods(texts);
    }

    /** The preset with this command's overrides, applied by the same code as a spec's ({@code withOverrides}). */
    PerturbationConfig config(Target t) {
        Map<String, String> o = new LinkedHashMap<>();
        put(o, "orders", orders);
        put(o, "regions", regions);
        put(o, "perturbation", perturbation);
        put(o, "steps", steps);
        put(o, "per_step", perStep);
        if (nonCumulative) {
            o.put("cumulative", "false");
        }
        put(o, "score", score);
        if (aucSteps != null) {
            o.put("auc_steps", aucSteps.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")));
        }
        put(o, "relative_floor", relativeFloor);
        return PerturbationConfig.preset(preset, t).withOverrides(o);
    }

    private static void put(Map<String, String> o, String key, Object value) {
        if (value != null) {
            o.put(key, value.toString());
        }
    }

    @Override
    public Integer call() {
        PerturbConsole console = new PerturbConsole(spec.commandLine().getOut(), spec.commandLine().getErr());
        boolean classifier = classOptions.isClassification();
        if (!classifier) {
            classOptions.requireRegressionOnly();
        }
        // a class uses the preset's settings of QT, as in a run spec; its curves do not use the relative floor
        Target t = classifier ? Target.QT : Target.parse(target);
        PerturbationConfig config = config(t);
        List<AttributionMethod> methods = PerturbInputs.methods(methodTexts, registry);
        BatchBudget budget = BatchBudget.parse(batchBudget);
        ExecutionOptions exec = ExecutionOptions.defaults().withProvider(Provider.parse(provider))
                .withIntraOpThreads(threads).withMaxBatchRows(maxRows);
        RunSpec runSpec = RunSpec.of(t, methods, config, seed).withOutput(outputIndex, targetIndex)
                .withExecution(exec).withBudget(budget).withWorkers(workers).withChunkRecords(chunk);
        // a model trained on mV (or standardised input) sees x[µV] × input_scale; the store stays in µV
        OnnxModel onnx = InputTransform.scale(inputScale).applyTo(OnnxModel.load(model));
        try (EcgStore store = EcgStore.open(dataset)) {
            if (classifier) {
                runSpec = runSpec.withClassTarget(classOptions.classTarget(target, store));
            }
            int[] indices = PerturbInputs.records(store, split, records);
            List<Lead> leads = PerturbationRunner.leadsFor(onnx, store);
            config.requireFits(leads.size(), store.samples());
            console.started(indices.length, dataset, split, runSpec, model, onnx, leads, config);
            long started = System.nanoTime();
            try (ResultsWriter writer = ResultsWriter.open(out, config, overwrite, runSpec.classification())) {
                RunResult result = PerturbationRunner.runChunks(onnx, store, indices, runSpec, writer::accept,
                        console::progress);
                PerturbationSummary summary = result.summary().finish();
                double seconds = (System.nanoTime() - started) / 1e9;
                Map<String, Object> provenance = new PerturbProvenance(model, dataset, split, records).toMap(onnx,
                        store, indices, runSpec, result, seconds);
                ResultsWriter.writeComponents(out.resolve("components.csv"), Map.of(runSpec.key(),
                        result.components()));
                writer.finish(summary, provenance);
                console.finished(summary, result, out);
            }
        }
        return 0;
    }
}
