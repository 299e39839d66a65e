package org.heatbench.perturbation.eval;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.rng.UniformRandomProvider;
import org.heatbench.core.InvalidInputException;
import org.heatbench.perturbation.Order;
import org.heatbench.perturbation.PerturbationConfig;
import org.heatbench.perturbation.StreamKey;
import org.heatbench.perturbation.Trajectory;

/**
 * Batched perturbation evaluation: for a list of records with their attributions, builds every trajectory's
 * perturbed inputs in bulk and scores them with the model in equal runs of at most {@link BatchBudget#rowsPerRun}
 * rows, then
 * turns the predictions into curves and scores.
 *
 * <p>Perturbations never depend on model outputs, so rows are produced by streaming the trajectories one after the
 * other into a fixed buffer — a trajectory may span two runs — and only one buffer of inputs is held. Row order: each
 * record's clean input, then per record, per method, per order (MoRF, LeRF as configured) the K perturbed inputs,
 * then the record's random-order control (method-independent, shared by all methods). A record's randomness comes
 * from {@link StreamKey}(seed, record id, target) streams keyed by method and purpose, and its predictions do not
 * depend on the rows it shares a run with ({@link ModelScorer} contract), so results are identical for any grouping
 * of records into calls, any budget and any number of evaluators running in parallel.
 *
 * <p>Bad input: a signal or attribution whose length is not leads × samples, or a record whose methods differ from
 * the evaluator's, is an {@link InvalidInputException} (nothing of that call is evaluated). A non-finite input,
 * attribution or prediction is a per-record or per-method {@link MethodStatus}, never a dropped record. Not
 * thread-safe: one evaluator (and scorer) per thread.
 */
public final class PerturbationEvaluator implements AutoCloseable {
    private final ModelScorer scorer;
    private final PerturbationConfig config;
    private final ScoreLayout layout;
    private final long seed;
    private final String target;
    private final List<String> methods;
    private final int leads;
    private final int samples;
    private final int item;
    private final BatchBudget budget;
    private final Classification classification;
    private final int rowsPerRun;
    /** Regions of one record (the denominator of a flip's fraction). */
    private final int regions;
    private final float[][] destination;
    private final int[] destinationIndex;
    private float[] buffer;
    private int runSize;
    private long evaluations;

    private PerturbationEvaluator(ModelScorer scorer, PerturbationConfig config, BatchBudget budget, long seed,
            String target, List<String> methods, Classification classification) {
        this.scorer = scorer;
        this.classification = classification;
        this.config = config;
        this.layout = ScoreLayout.of(config);
        this.seed = seed;
        this.target = target;
        this.methods = List.copyOf(methods);
        this.leads = scorer.leads();
        this.samples = scorer.samples();
        this.item = leads * samples;
        this.budget = budget;
        this.rowsPerRun = budget.rowsPerRun(item);
        this.regions = config.regions().count(leads, samples);
        this.destination = new float[rowsPerRun][];
        this.destinationIndex = new int[rowsPerRun];
    }

    /**
     * @param scorer the model (closed with the evaluator)
     * @param seed the run seed of the perturbation streams
     * @param target the target key, part of every stream's key
     * @param methods the canonical names of the methods whose attributions each record brings, in output order
     * @throws org.heatbench.core.ConfigurationException when the schedule does not fit the model's records
     */
    public static PerturbationEvaluator create(ModelScorer scorer, PerturbationConfig config, BatchBudget budget,
            long seed, String target, List<String> methods) {
        return create(scorer, config, budget, seed, target, methods, null);
    }

    /**
     * An evaluator of a classifier's class output: curves follow the class probability (or logit) and errors are
     * losses against the label ({@link Classification}); {@code classification == null} is a regression target.
     */
    public static PerturbationEvaluator create(ModelScorer scorer, PerturbationConfig config, BatchBudget budget,
            long seed, String target, List<String> methods, Classification classification) {
        Objects.requireNonNull(scorer, "scorer");
        config.requireFits(scorer.leads(), scorer.samples());
        if (methods.contains(MethodEvaluation.CONTROL)) {
            throw new IllegalArgumentException("'" + MethodEvaluation.CONTROL + "' is reserved for the control");
        }
        return new PerturbationEvaluator(scorer, config, budget, seed, target, methods, classification);
    }

    public PerturbationConfig config() {
        return config;
    }

    public ScoreLayout layout() {
        return layout;
    }

    /** @return rows per model run */
    public int rowsPerRun() {
        return rowsPerRun;
    }

    /** @return model evaluations (rows scored, padding excluded) so far */
    public long modelEvaluations() {
        return evaluations;
    }

    /** @return model evaluations one fully successful record costs: 1 + K · (methods · MoRF/LeRF orders + control) */
    public long evaluationsPerRecord() {
        int perMethod = (config.runs(Order.MORF) ? 1 : 0) + (config.runs(Order.LERF) ? 1 : 0);
        int control = config.runs(Order.RANDOM) ? 1 : 0;
        return 1 + (long) config.schedule().steps() * (methods.size() * perMethod + control);
    }

    /**
     * Evaluates records.
     *
     * @return one evaluation per record, in input order
     * @throws InvalidInputException for a signal or attribution of the wrong size or a different method set
     */
    public List<RecordEvaluation> evaluate(List<RecordInput> records) {
        List<Plan> plans = new ArrayList<>(records.size());
        for (RecordInput r : records) {
            plans.add(plan(r));
        }
        run(plans);
        List<RecordEvaluation> out = new ArrayList<>(plans.size());
        for (Plan p : plans) {
            out.add(assemble(p));
        }
        return out;
    }

    // ---------------------------------------------------------------- planning

    private Plan plan(RecordInput r) {
        if (r.signal().length != item) {
            throw new InvalidInputException("record " + r.id() + ": signal has " + r.signal().length
                    + " values; the model takes " + leads + " leads x " + samples + " samples = " + item);
        }
        if (!r.attributions().keySet().equals(new java.util.LinkedHashSet<>(methods))) {
            throw new InvalidInputException("record " + r.id() + " brings attributions of " + r.attributions().keySet()
                    + "; the evaluator expects " + methods);
        }
        for (String m : methods) {
            float[] a = r.attributions().get(m);
            if (a == null || a.length != item) {
                throw new InvalidInputException("attribution of method '" + m + "' for record " + r.id() + " has "
                        + (a == null ? "no" : Integer.toString(a.length)) + " values; the input has " + leads
                        + " leads x " + samples + " samples = " + item + " (attribution shape must equal input shape)");
            }
        }
        if (r.mask() != null && r.mask().length != item) {
            throw new InvalidInputException("record " + r.id() + ": relevance mask has " + r.mask().length
                    + " points, the input " + item);
        }
        Plan p = new Plan(r, new StreamKey(seed, r.id(), target));
        String bad = firstNonFinite(r.signal());
        if (bad != null) {
            p.inputProblem = "input has a non-finite value at " + bad;
            return p;
        }
        p.cleanJob = new Job(p, -1, null, null);
        for (int mi = 0; mi < methods.size(); mi++) {
            float[] a = r.attributions().get(methods.get(mi));
            String badA = firstNonFinite(a);
            if (badA != null) {
                p.methodProblem[mi] = "attribution has a non-finite value at " + badA;
                continue;
            }
            double[] pointScores = new double[item];
            for (int i = 0; i < item; i++) {
                pointScores[i] = config.scoreMode().score(a[i]);
            }
            double[] regionScores = config.regions().scores(pointScores, leads, samples);
            p.constant[mi] = isConstant(regionScores);
            for (Order o : config.orders()) {
                if (o != Order.RANDOM) {
                    p.jobs.add(new Job(p, mi, o, regionScores));
                }
            }
        }
        if (config.runs(Order.RANDOM)) {
            p.controlJob = new Job(p, -1, Order.RANDOM, new double[config.regions().count(leads, samples)]);
            p.jobs.add(p.controlJob);
        }
        return p;
    }

    private static boolean isConstant(double[] s) {
        for (double v : s) {
            if (v != s[0]) {
                return false;
            }
        }
        return true;
    }

    private String firstNonFinite(float[] x) {
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i])) {
                return "lead " + (i / samples) + ", sample " + (i % samples) + " (" + x[i] + ")";
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- streaming rows through the model

    private int rows;

    private void run(List<Plan> plans) {
        rows = 0;
        long total = 0;
        for (Plan p : plans) {
            total += (p.cleanJob == null ? 0 : 1) + (long) p.jobs.size() * config.schedule().steps();
        }
        // equal runs: the model sees one run size (ONNX Runtime and the session's input buffer are reused) and no
        // run is a nearly empty tail
        int size = budget.runSize(total, item);
        if (size != runSize) {
            runSize = size;
            buffer = new float[runSize * item];
        }
        for (Plan p : plans) {
            if (p.cleanJob != null) {
                System.arraycopy(p.input.signal(), 0, buffer, rows * item, item);
                addRow(p.cleanJob.predictions, 0);
            }
        }
        for (Plan p : plans) {
            for (Job job : p.jobs) {
                Trajectory t = job.start();
                while (t.hasNext()) {
                    t.next(buffer, rows * item);
                    addRow(job.predictions, t.step());
                }
            }
        }
        flush();
        for (Plan p : plans) {
            if (p.cleanJob != null) {
                float clean = p.cleanJob.predictions[0];
                for (Job job : p.jobs) {
                    job.predictions[0] = clean;
                }
            }
        }
    }

    private void addRow(float[] dest, int index) {
        destination[rows] = dest;
        destinationIndex[rows] = index;
        rows++;
        if (rows == runSize) {
            flush();
        }
    }

    private void flush() {
        if (rows == 0) {
            return;
        }
        float[] y = scorer.predict(buffer, rows);
        for (int i = 0; i < rows; i++) {
            destination[i][destinationIndex[i]] = y[i];
            destination[i] = null;
        }
        evaluations += rows;
        rows = 0;
    }

    // ---------------------------------------------------------------- results

    private RecordEvaluation assemble(Plan p) {
        RecordInput r = p.input;
        if (p.inputProblem != null) {
            return failedRecord(r, Float.NaN, MethodStatus.NON_FINITE_INPUT, p.inputProblem);
        }
        float clean = p.cleanJob.predictions[0];
        if (!Float.isFinite(clean)) {
            return failedRecord(r, clean, MethodStatus.NON_FINITE_PREDICTION,
                    "clean prediction is " + clean);
        }
        MethodEvaluation control = null;
        Map<CurveKind, double[]> controlCurves = new EnumMap<>(CurveKind.class);
        if (p.controlJob != null) {
            String bad = nonFinitePrediction(p.controlJob);
            if (bad != null) {
                control = MethodEvaluation.failed(MethodEvaluation.CONTROL, MethodStatus.NON_FINITE_PREDICTION, bad);
            } else {
                Map<CurveKind, double[]> scores = new EnumMap<>(CurveKind.class);
                for (CurveKind k : CurveKind.values()) {
                    double[] c = curve(k, p.controlJob.predictions, r.truth());
                    controlCurves.put(k, c);
                    scores.put(k, defined(k, r) ? layout.computeControl(c) : nanScores());
                }
                control = new MethodEvaluation(MethodEvaluation.CONTROL, MethodStatus.OK, "", false,
                        Map.of(Order.RANDOM, p.controlJob.predictions), scores, null, flip(p.controlJob.predictions));
            }
        }
        List<MethodEvaluation> out = new ArrayList<>(methods.size());
        for (int mi = 0; mi < methods.size(); mi++) {
            String m = methods.get(mi);
            if (p.methodProblem[mi] != null) {
                out.add(MethodEvaluation.failed(m, MethodStatus.NON_FINITE_ATTRIBUTION, p.methodProblem[mi]));
                continue;
            }
            Map<Order, float[]> preds = new EnumMap<>(Order.class);
            String bad = null;
            for (Job job : p.jobs) {
                if (job.method == mi) {
                    preds.put(job.order, job.predictions);
                    bad = bad != null ? bad : nonFinitePrediction(job);
                }
            }
            if (bad != null) {
                out.add(MethodEvaluation.failed(m, MethodStatus.NON_FINITE_PREDICTION, bad));
                continue;
            }
            Map<CurveKind, double[]> scores = new EnumMap<>(CurveKind.class);
            for (CurveKind k : CurveKind.values()) {
                if (!defined(k, r)) {
                    scores.put(k, nanScores());
                    continue;
                }
                double[] morf = curve(k, preds.get(Order.MORF), r.truth());
                float[] lerfP = preds.get(Order.LERF);
                double[] lerf = lerfP == null ? null : curve(k, lerfP, r.truth());
                double[] random = control != null && control.ok() ? controlCurves.get(k) : null;
                scores.put(k, layout.compute(morf, lerf, random));
            }
            Localization loc = r.mask() == null ? null
                    : Localization.of(r.attributions().get(m), r.mask(), config.scoreMode());
            out.add(new MethodEvaluation(m, MethodStatus.OK, "", p.constant[mi], preds, scores, loc,
                    flip(preds.get(Order.MORF))));
        }
        return new RecordEvaluation(r.id(), r.index(), target, r.truth(), clean, MethodStatus.OK, "",
                r.mask() != null, out, control);
    }

    private double[] curve(CurveKind k, float[] predictions, double truth) {
        return Classification.curveOf(classification, k, predictions, truth, config.relativeError());
    }

    /** @return the decision flip along a trajectory; null for a regression target */
    private DecisionFlip flip(float[] predictions) {
        return classification == null || predictions == null ? null
                : DecisionFlip.of(classification, predictions, config.schedule(), regions);
    }

    /** @return the classification scoring of this evaluator; null for a regression target */
    public Classification classification() {
        return classification;
    }

    private boolean defined(CurveKind k, RecordInput r) {
        return !k.needsTruth() || !Double.isNaN(r.truth());
    }

    private double[] nanScores() {
        double[] s = new double[layout.size()];
        java.util.Arrays.fill(s, Double.NaN);
        return s;
    }

    private static String nonFinitePrediction(Job job) {
        for (int k = 0; k < job.predictions.length; k++) {
            if (!Float.isFinite(job.predictions[k])) {
                return "model output is " + job.predictions[k] + " at " + job.order.key() + " step " + k;
            }
        }
        return null;
    }

    private RecordEvaluation failedRecord(RecordInput r, float clean, MethodStatus status, String message) {
        List<MethodEvaluation> out = new ArrayList<>(methods.size());
        for (String m : methods) {
            out.add(MethodEvaluation.failed(m, status, message));
        }
        return new RecordEvaluation(r.id(), r.index(), target, r.truth(), clean, status, message, r.mask() != null,
                out, null);
    }

    @Override
    public void close() {
        scorer.close();
    }

    // ---------------------------------------------------------------- plan types

    /** One record's work. */
    private final class Plan {
        final RecordInput input;
        final StreamKey key;
        final String[] methodProblem = new String[methods.size()];
        final boolean[] constant = new boolean[methods.size()];
        final List<Job> jobs = new ArrayList<>();
        String inputProblem;
        Job cleanJob;
        Job controlJob;

        Plan(RecordInput input, StreamKey key) {
            this.input = input;
            this.key = key;
        }
    }

    /** One trajectory (or the clean row): where its predictions go and how to start it. */
    private final class Job {
        final Plan plan;
        final int method;
        final Order order;
        final double[] regionScores;
        final float[] predictions;

        Job(Plan plan, int method, Order order, double[] regionScores) {
            this.plan = plan;
            this.method = method;
            this.order = order;
            this.regionScores = regionScores;
            this.predictions = new float[order == null ? 1 : config.schedule().curvePoints()];
        }

        Trajectory start() {
            String name = method < 0 ? MethodEvaluation.CONTROL : methods.get(method);
            UniformRandomProvider ordering = order == Order.RANDOM ? plan.key.stream(name, "order:random") : null;
            int[] regionOrder = order.order(regionScores, ordering);
            return Trajectory.start(config, plan.input.signal(), leads, samples, regionOrder,
                    plan.key.stream(name, "noise:" + order.key()));
        }
    }
}
