package org.heatbench.perturbation.robustness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.perturbation.PerturbationConfig;
import org.heatbench.perturbation.PerturbationFunction;
import org.heatbench.perturbation.RegionScheme;
import org.heatbench.perturbation.eval.MethodEvaluation;
import org.heatbench.perturbation.eval.RecordEvaluation;
import org.heatbench.perturbation.eval.ScoreLayout;
import org.heatbench.perturbation.run.PerturbationRunner;
import org.heatbench.perturbation.run.RunResult;
import org.heatbench.perturbation.run.RunSpec;
import org.heatbench.perturbation.stats.FriedmanResult;
import org.heatbench.perturbation.stats.PerturbationSummary;
import org.heatbench.perturbation.stats.RankPositions;
import org.heatbench.perturbation.stats.ScoreKey;

/**
 * Recomputes one model's ranking of the methods under several settings and measures their agreement. The settings
 * vary one factor at a time around a base configuration: the base; each other perturbation function; each other
 * region scheme; each other seed (randomised methods and perturbation noise). Each setting is a full perturbation run
 * of the same records ({@link PerturbationRunner}); the ranking is the Friedman mean rank of one score (default
 * {@code error:auc_25}, the report's). The base setting's per-record scores also give bootstrap intervals of the rank
 * positions ({@link RankPositions}).
 *
 * @param key the ranked score
 * @param settings the settings, base first
 * @param meanRanks per setting, the methods' mean ranks (methods in run order)
 * @param agreement W and the robust pairs
 * @param basePositions positions in the base setting with 95% bootstrap intervals over records
 * @param records records in the base setting's common set
 */
public record RobustnessRun(ScoreKey key, List<Setting> settings, Map<String, double[]> meanRanks,
        RankingAgreement agreement, List<RankPositions.Position> basePositions, int records) {

    /**
     * One setting.
     *
     * @param name e.g. {@code base}, {@code perturbation=zero}, {@code regions=lead_window:w=5}, {@code seed=2}
     * @param config the perturbation configuration
     * @param seed the run seed
     */
    public record Setting(String name, PerturbationConfig config, long seed) {
    }

    /** The one-factor-at-a-time settings around {@code base} (duplicates of the base value are left out). */
    public static List<Setting> settings(PerturbationConfig base, long baseSeed, List<PerturbationFunction> functions,
            List<RegionScheme> regions, List<Long> seeds) {
        List<Setting> out = new ArrayList<>();
        out.add(new Setting("base", base, baseSeed));
        for (PerturbationFunction f : functions) {
            if (!f.canonical().equals(base.perturbation().canonical())) {
                out.add(new Setting("perturbation=" + f.canonical(), base.withPerturbation(f), baseSeed));
            }
        }
        for (RegionScheme r : regions) {
            if (!r.canonical().equals(base.regions().canonical())) {
                out.add(new Setting("regions=" + r.canonical(), base.withRegions(r), baseSeed));
            }
        }
        for (long s : seeds) {
            if (s != baseSeed) {
                out.add(new Setting("seed=" + s, base, s));
            }
        }
        return out;
    }

    /**
     * Runs every setting.
     *
     * @param spec the base run (methods, target, execution); its config and seed are replaced per setting
     * @param key the ranked score; its curve must exist (error curves need truth values)
     * @param progress receives a line per finished setting
     */
    public static RobustnessRun run(OnnxModel model, EcgStore store, int[] indices, RunSpec spec,
            List<Setting> settings, ScoreKey key, int replicates, Consumer<String> progress) {
        List<String> methods = spec.methodNames();
        Map<String, double[]> ranks = new LinkedHashMap<>();
        RankPositions positions = null;
        int records = 0;
        for (Setting s : settings) {
            RunSpec rs = RunSpec.of(spec.target(), spec.methods(), s.config(), s.seed())
                    .withOutput(spec.outputIndex(), spec.targetIndex()).withExecution(spec.execution())
                    .withBudget(spec.budget()).withWorkers(spec.workers()).withChunkRecords(spec.chunkRecords());
            ScoreLayout layout = ScoreLayout.of(s.config());
            boolean base = positions == null;
            RankPositions pos = RankPositions.create(methods, ScoreLayout.higherIsBetter(key.score()));
            int scoreIndex = layout.names().indexOf(key.score());
            if (scoreIndex < 0) {
                throw new ConfigurationException("score '" + key.score() + "' is not computed in setting " + s.name()
                        + "; scores: " + layout.names());
            }
            Consumer<RecordEvaluation> sink = base ? r -> acceptPositions(pos, r, key, scoreIndex) : r -> { };
            RunResult result = PerturbationRunner.run(model, store, indices, rs, sink, p -> { });
            PerturbationSummary summary = result.summary().finish();
            FriedmanResult f = summary.rankings().stream().filter(x -> x.key().equals(key)).findFirst()
                    .orElseThrow(() -> new ConfigurationException("no ranking by " + key + " in setting " + s.name()
                            + " (no records with truth values for error curves? use change:auc_25)"));
            for (double v : f.meanRanks()) {
                if (Double.isNaN(v)) {
                    throw new ConfigurationException("setting " + s.name() + ": no record in the common set, the "
                            + "ranking by " + key + " is undefined");
                }
            }
            ranks.put(s.name(), f.meanRanks().clone());
            if (base) {
                positions = pos;
                records = f.n();
            }
            progress.accept(String.format(java.util.Locale.ROOT, "setting %s: n = %d, Friedman p = %.3g", s.name(),
                    f.n(), f.p()));
        }
        RankingAgreement agreement = RankingAgreement.of(methods, ranks, replicates, 1);
        return new RobustnessRun(key, settings, ranks, agreement, positions.finish(replicates, 1), records);
    }

    private static void acceptPositions(RankPositions pos, RecordEvaluation r, ScoreKey key, int index) {
        double[] s = new double[r.methods().size()];
        for (int m = 0; m < s.length; m++) {
            MethodEvaluation e = r.methods().get(m);
            s[m] = e.ok() ? e.score(key.curve(), index) : Double.NaN;
            if (Double.isNaN(s[m])) {
                return; // not in the common set for this score
            }
        }
        pos.accept(r.recordId(), s);
    }
}
