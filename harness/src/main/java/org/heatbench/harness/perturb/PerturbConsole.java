package org.heatbench.harness.perturb;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.heatbench.datasets.Lead;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.perturbation.PerturbationConfig;
import org.heatbench.perturbation.eval.CurveKind;
import org.heatbench.perturbation.run.Progress;
import org.heatbench.perturbation.run.RunResult;
import org.heatbench.perturbation.run.RunSpec;
import org.heatbench.perturbation.stats.FlipSummary;
import org.heatbench.perturbation.stats.FriedmanResult;
import org.heatbench.perturbation.stats.PerturbationSummary;
import org.heatbench.perturbation.stats.ScoreKey;

/**
 * What {@code heatbench perturb} prints (docs/PERTURBATION.md): the run's header, progress with ETA and the closing
 * counts go to stderr; the ranking by the error (else change) curve's AUC, the Friedman test, the decision flips and
 * where the results are go to stdout, so that stdout stays short enough to read or diff. Numbers use
 * {@link Locale#ROOT}. Not thread-safe: the runner reports progress on the calling thread.
 */
final class PerturbConsole {
    /** Least time between two progress lines; the last record's line is always printed. */
    private static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;

    private final PrintWriter stdout;
    private final PrintWriter err;
    private long lastProgress;

    PerturbConsole(PrintWriter stdout, PrintWriter err) {
        this.stdout = stdout;
        this.err = err;
    }

    /** The two header lines on stderr: what is evaluated, on which records, model (short hash), leads and settings. */
    void started(int records, Path dataset, String split, RunSpec runSpec, Path model, OnnxModel onnx,
            List<Lead> leads, PerturbationConfig config) {
        err.printf(Locale.ROOT, "heatbench perturb: %d record(s) of %s (split %s), target %s, %d method(s) %s%n",
                records, dataset, split, runSpec.key(), runSpec.methods().size(), runSpec.methodNames());
        err.printf(Locale.ROOT, "  model %s (sha256 %s), leads %s; %s%n", model, onnx.sha256().substring(0, 12),
                Lead.labels(leads), config.canonical());
        err.flush();
    }

    /** A progress line with ETA on stderr, at most every two seconds (and always for the last record). */
    void progress(Progress p) {
        long now = System.nanoTime();
        if (now - lastProgress < PROGRESS_EVERY_NANOS && p.recordsDone() < p.recordsTotal()) {
            return;
        }
        lastProgress = now;
        double eta = p.etaSeconds();
        err.printf(Locale.ROOT, "  %d/%d records (%.0f%%), %.2f records/s, %.0f model evaluations/s, ETA %s%n",
                p.recordsDone(), p.recordsTotal(), 100.0 * p.recordsDone() / p.recordsTotal(),
                p.recordsPerSecond(), p.evaluationsPerSecond(), Double.isNaN(eta) ? "?" : duration(eta));
        err.flush();
    }

    /** @return {@code s} seconds as {@code 1h02m}, {@code 3m07s} or {@code 42s} */
    static String duration(double s) {
        long t = Math.round(s);
        return t >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", t / 3600, (t % 3600) / 60)
                : t >= 60 ? String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60) : t + "s";
    }

    /**
     * The closing report: counts, methods with failures or constant attributions and up to ten problems on stderr;
     * the ranking (with the mean AUC and its 95% CI), Friedman's test, decision flips and {@code results} on stdout.
     */
    void finished(PerturbationSummary s, RunResult r, Path results) {
        PerturbationSummary.Counts c = s.counts();
        err.printf(Locale.ROOT, "heatbench perturb: %d record(s) in %.1f s, %d model evaluations (%.0f/s); %d without "
                        + "truth, %d excluded from the statistics (some method failed), %d with ground-truth masks%n",
                c.records(), r.seconds(), r.modelEvaluations(), r.modelEvaluations() / Math.max(r.seconds(), 1e-9),
                c.missingTruth(), c.excluded(), c.maskDefined());
        for (PerturbationSummary.MethodCounts m : s.methodCounts()) {
            long bad = m.statuses().entrySet().stream().filter(e -> !e.getKey().equals("ok"))
                    .mapToLong(Map.Entry::getValue).sum();
            if (bad > 0 || m.constantAttribution() > 0) {
                err.printf(Locale.ROOT, "  %s: %s, constant attribution on %d record(s)%n", m.method(), m.statuses(),
                        m.constantAttribution());
            }
        }
        s.problems().stream().limit(10).forEach(p -> err.println("  problem: " + p));
        err.flush();
        // without any truth value there are no error curves: rank by the change curve instead
        CurveKind curve = c.withTruth() > 0 ? CurveKind.ERROR : CurveKind.CHANGE;
        ScoreKey key = new ScoreKey(curve, "auc");
        stdout.printf(Locale.ROOT, "target %s, %d record(s) in the common set; ranking by %s (MoRF, higher = more "
                + "faithful):%n", s.target(), c.commonSet(), key);
        for (FriedmanResult f : s.rankings()) {
            if (f.key().equals(key)) {
                ranking(s, f, key);
            }
        }
        for (FlipSummary f : s.flips()) {
            stdout.printf(Locale.ROOT, "  decision flips, %-32s %d of %d (%.0f%%), median step %s%n", f.participant(),
                    f.flipped(), f.n(), 100 * f.share(), Double.isNaN(f.medianStep()) ? "-"
                            : String.format(Locale.ROOT, "%.1f", f.medianStep()));
        }
        stdout.printf("results in %s (records.csv, curves.csv.gz, summary.json, summary.csv, ...)%n", results);
        stdout.flush();
    }

    private void ranking(PerturbationSummary s, FriedmanResult f, ScoreKey key) {
        int pos = 1;
        for (int i : f.ranking()) {
            String method = f.methods().get(i);
            double[] ci = s.scores().stream().filter(x -> x.participant().equals(method) && x.key().equals(key))
                    .findFirst().map(x -> new double[] {x.estimate().mean(), x.estimate().lower(),
                        x.estimate().upper()}).orElse(new double[] {Double.NaN, Double.NaN, Double.NaN});
            stdout.printf(Locale.ROOT, "  %d. %-40s mean %.4g [95%% CI %.4g, %.4g], mean rank %.2f%n", pos++, method,
                    ci[0], ci[1], ci[2], f.meanRanks()[i]);
        }
        if (f.methods().size() > 1) {
            stdout.printf(Locale.ROOT, "  Friedman chi2(%d) = %.4g, p = %.3g (n = %d); pairwise Wilcoxon tests in "
                    + "pairwise.csv%n", f.df(), f.statistic(), f.p(), f.n());
        }
    }
}
