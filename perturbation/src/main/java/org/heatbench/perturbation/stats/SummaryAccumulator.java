package org.heatbench.perturbation.stats;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.heatbench.perturbation.Order;
import org.heatbench.perturbation.PerturbationConfig;
import org.heatbench.perturbation.RelativeError;
import org.heatbench.perturbation.eval.CurveKind;
import org.heatbench.perturbation.eval.Localization;
import org.heatbench.perturbation.eval.MethodEvaluation;
import org.heatbench.perturbation.eval.MethodStatus;
import org.heatbench.perturbation.eval.RecordEvaluation;
import org.heatbench.perturbation.eval.ScoreLayout;

/**
 * All statistics of a perturbation run for one target, mergeable: {@link #accept} each record's evaluation (all
 * methods of the record together), {@link #combine} partial accumulators of disjoint record sets (threads, Spark
 * partitions), {@link #finish()} once. Every sum is exact and paired data are kept sorted by record id, so the
 * summary is bit-for-bit the same for any partitioning and order of the records. A record accepted twice (e.g. a
 * retried task whose partial result was kept) is an error, not a silent double count.
 *
 * <p>What is accumulated: counts of outcomes (per method and record), mean curves (every curve kind, every order
 * run, plus the random-order control) and mean scores with 95% CIs over the common set (records where every method
 * succeeded), localization accuracies, and per-record scores of the tested keys for the paired tests. Memory: the
 * curves are O(methods · steps); the paired tests keep one double per (record, method, tested key) — by default
 * every score of the {@code error} and {@code change} curves.
 *
 * <p>Serializable (Spark ships partial accumulators between JVMs). Mutable, not thread-safe.
 */
public final class SummaryAccumulator implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int EXAMPLES = 20;
    /** The curve kinds tested pairwise by default. */
    public static final List<CurveKind> DEFAULT_TESTED_CURVES = List.of(CurveKind.ERROR, CurveKind.CHANGE);

    private final String target;
    private final List<String> methods;
    private final LinkedHashMap<String, String> parameters;
    private final ScoreLayout layout;
    private final int curvePoints;
    private final double relativeFloor;
    private final List<Order> methodOrders;
    private final boolean control;

    private long records;
    private long withTruth;
    private long commonSet;
    private long excluded;
    private long maskDefined;
    private final long[][] statusCounts;
    private final long[] constantCounts;
    private final TreeSet<String> problems = new TreeSet<>();
    private final TreeSet<String> missingTruth = new TreeSet<>();

    /** [participant][order slot][curve kind]; participants = methods, then the control. */
    private final CurveAccumulator[][][] curves;
    /** [participant][curve kind][score]. */
    private final Moments[][][] scores;
    /** [method][0 = mass, 1 = rank]. */
    private final Moments[][] localization;
    private final LinkedHashMap<ScoreKey, PairedScores> paired = new LinkedHashMap<>();
    /**
     * [participant][k]: common-set records whose class decision first flips at step k (k = 0: never) — classification
     * targets only, all zero for regression.
     */
    private final long[][] flips;
    /** Curves of a classifier's class (null: regression); only {@link #accept} uses it. */
    private org.heatbench.perturbation.eval.Classification classification;

    private SummaryAccumulator(PerturbationConfig config, String target, List<String> methods,
            List<CurveKind> testedCurves) {
        this.target = target;
        this.methods = List.copyOf(methods);
        this.parameters = new LinkedHashMap<>(config.parameters());
        this.layout = ScoreLayout.of(config);
        this.curvePoints = config.schedule().curvePoints();
        this.relativeFloor = config.relativeError().floor();
        this.methodOrders = config.orders().stream().filter(o -> o != Order.RANDOM).toList();
        this.control = config.runs(Order.RANDOM);
        int participants = methods.size() + 1;
        int kinds = CurveKind.values().length;
        statusCounts = new long[participants][MethodStatus.values().length];
        constantCounts = new long[methods.size()];
        flips = new long[participants][curvePoints];
        curves = new CurveAccumulator[participants][][];
        scores = new Moments[participants][kinds][layout.size()];
        for (int p = 0; p < participants; p++) {
            int orderSlots = p < methods.size() ? methodOrders.size() : 1;
            curves[p] = new CurveAccumulator[orderSlots][kinds];
            for (int o = 0; o < orderSlots; o++) {
                for (int k = 0; k < kinds; k++) {
                    curves[p][o][k] = new CurveAccumulator(curvePoints);
                }
            }
            for (int k = 0; k < kinds; k++) {
                for (int s = 0; s < layout.size(); s++) {
                    scores[p][k][s] = new Moments();
                }
            }
        }
        localization = new Moments[methods.size()][2];
        for (int m = 0; m < methods.size(); m++) {
            localization[m][0] = new Moments();
            localization[m][1] = new Moments();
        }
        for (CurveKind k : testedCurves) {
            for (String s : layout.names()) {
                ScoreKey key = new ScoreKey(k, s);
                paired.put(key, new PairedScores(key, methods, ScoreLayout.higherIsBetter(s)));
            }
        }
    }

    /** An empty accumulator testing every score of {@link #DEFAULT_TESTED_CURVES}. */
    public static SummaryAccumulator create(PerturbationConfig config, String target, List<String> methods) {
        return create(config, target, methods, DEFAULT_TESTED_CURVES);
    }

    /**
     * @param testedCurves the curve kinds whose scores get paired tests and rankings (memory grows with them)
     */
    public static SummaryAccumulator create(PerturbationConfig config, String target, List<String> methods,
            List<CurveKind> testedCurves) {
        return new SummaryAccumulator(config, target, methods, testedCurves);
    }

    /**
     * An accumulator of a classification target: mean curves are the class-probability (or logit) drop and the
     * loss ({@link org.heatbench.perturbation.eval.Classification}), as the evaluator's scores are.
     */
    public static SummaryAccumulator create(PerturbationConfig config, String target, List<String> methods,
            org.heatbench.perturbation.eval.Classification classification) {
        SummaryAccumulator a = create(config, target, methods);
        a.classification = classification;
        return a;
    }

    /** @return records accepted so far */
    public long records() {
        return records;
    }

    /**
     * Adds one record's evaluation.
     *
     * @throws IllegalArgumentException for another target, another method list or curves of another length
     * @throws IllegalStateException when the record was accepted before
     */
    public void accept(RecordEvaluation e) {
        if (!e.target().equals(target)) {
            throw new IllegalArgumentException("record " + e.recordId() + " is for target " + e.target()
                    + ", this summary for " + target);
        }
        List<MethodEvaluation> ms = e.methods();
        if (ms.size() != methods.size()) {
            throw new IllegalArgumentException("record " + e.recordId() + " has " + ms.size() + " methods, expected "
                    + methods);
        }
        for (int i = 0; i < ms.size(); i++) {
            if (!ms.get(i).method().equals(methods.get(i))) {
                throw new IllegalArgumentException("record " + e.recordId() + " method " + i + " is "
                        + ms.get(i).method() + ", expected " + methods.get(i));
            }
        }
        records++;
        if (e.hasTruth()) {
            withTruth++;
        } else {
            example(missingTruth, e.recordId());
        }
        maskDefined += e.maskDefined() ? 1 : 0;
        for (int i = 0; i < ms.size(); i++) {
            MethodEvaluation m = ms.get(i);
            statusCounts[i][m.status().ordinal()]++;
            constantCounts[i] += m.ok() && m.constantAttribution() ? 1 : 0;
            if (!m.ok()) {
                example(problems, e.recordId() + " " + m.method() + ": " + m.status().key() + ": " + m.message());
            }
        }
        if (control) {
            MethodStatus cs = e.control() == null ? e.status() : e.control().status();
            statusCounts[methods.size()][cs.ordinal()]++;
            if (cs != MethodStatus.OK && e.status() == MethodStatus.OK) {
                example(problems, e.recordId() + " " + MethodEvaluation.CONTROL + ": " + cs.key() + ": "
                        + e.control().message());
            }
        }
        if (!e.allMethodsOk()) {
            excluded++;
            return;
        }
        commonSet++;
        RelativeError rel = new RelativeError(relativeFloor);
        for (int i = 0; i <= ms.size(); i++) {
            MethodEvaluation m = i < ms.size() ? ms.get(i) : e.control();
            if (m == null) {
                continue;
            }
            List<Order> orders = i < ms.size() ? methodOrders : List.of(Order.RANDOM);
            for (int o = 0; o < orders.size(); o++) {
                float[] p = m.predictionsOf(orders.get(o));
                for (CurveKind k : CurveKind.values()) {
                    if (!k.needsTruth() || e.hasTruth()) {
                        curves[i][o][k.ordinal()].accept(org.heatbench.perturbation.eval.Classification.curveOf(
                                classification, k, p, e.truth(), rel));
                    }
                }
            }
            for (CurveKind k : CurveKind.values()) {
                for (int s = 0; s < layout.size(); s++) {
                    double v = m.score(k, s);
                    if (Double.isFinite(v)) {
                        scores[i][k.ordinal()][s].accept(v);
                    }
                }
            }
            if (m.flip() != null) {
                flips[i][m.flip().flipped() ? m.flip().step() : 0]++;
            }
            if (i < ms.size() && m.localization() != null) {
                Localization l = m.localization();
                if (Double.isFinite(l.massAccuracy())) {
                    localization[i][0].accept(l.massAccuracy());
                }
                if (Double.isFinite(l.rankAccuracy())) {
                    localization[i][1].accept(l.rankAccuracy());
                }
            }
        }
        for (PairedScores ps : paired.values()) {
            int s = layout.indexOf(ps.key().score());
            double[] v = new double[ms.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = ms.get(i).score(ps.key().curve(), s);
            }
            ps.accept(e.recordId(), v);
        }
    }

    private static void example(TreeSet<String> set, String s) {
        set.add(s);
        while (set.size() > EXAMPLES) {
            set.pollLast();
        }
    }

    /**
     * Adds another partial accumulator (disjoint records, same target, methods and configuration).
     *
     * @throws IllegalArgumentException when the two summarise different things
     * @throws IllegalStateException when a record is present in both
     */
    public SummaryAccumulator combine(SummaryAccumulator o) {
        if (!o.target.equals(target) || !o.methods.equals(methods) || !o.parameters.equals(parameters)
                || !o.paired.keySet().equals(paired.keySet())) {
            throw new IllegalArgumentException("cannot combine summaries of " + o.target + " " + o.methods + " "
                    + o.parameters + " and " + target + " " + methods + " " + parameters);
        }
        for (PairedScores ps : paired.values()) {
            ps.combine(o.paired.get(ps.key()));
        }
        records += o.records;
        withTruth += o.withTruth;
        commonSet += o.commonSet;
        excluded += o.excluded;
        maskDefined += o.maskDefined;
        for (int p = 0; p < statusCounts.length; p++) {
            for (int s = 0; s < statusCounts[p].length; s++) {
                statusCounts[p][s] += o.statusCounts[p][s];
            }
        }
        for (int m = 0; m < constantCounts.length; m++) {
            constantCounts[m] += o.constantCounts[m];
        }
        for (int p = 0; p < flips.length; p++) {
            for (int k = 0; k < flips[p].length; k++) {
                flips[p][k] += o.flips[p][k];
            }
        }
        o.problems.forEach(s -> example(problems, s));
        o.missingTruth.forEach(s -> example(missingTruth, s));
        for (int p = 0; p < curves.length; p++) {
            for (int r = 0; r < curves[p].length; r++) {
                for (int k = 0; k < curves[p][r].length; k++) {
                    curves[p][r][k].combine(o.curves[p][r][k]);
                }
            }
            for (int k = 0; k < scores[p].length; k++) {
                for (int s = 0; s < scores[p][k].length; s++) {
                    scores[p][k][s].combine(o.scores[p][k][s]);
                }
            }
        }
        for (int m = 0; m < localization.length; m++) {
            localization[m][0].combine(o.localization[m][0]);
            localization[m][1].combine(o.localization[m][1]);
        }
        return this;
    }

    /** @return the statistics (the accumulator stays usable) */
    public PerturbationSummary finish() {
        List<PerturbationSummary.MethodCounts> counts = new ArrayList<>();
        for (int p = 0; p < statusCounts.length; p++) {
            if (p == methods.size() && !control) {
                continue;
            }
            Map<String, Long> st = new LinkedHashMap<>();
            for (MethodStatus s : MethodStatus.values()) {
                st.put(s.key(), statusCounts[p][s.ordinal()]);
            }
            counts.add(new PerturbationSummary.MethodCounts(participant(p), st,
                    p < methods.size() ? constantCounts[p] : 0));
        }
        List<PerturbationSummary.CurveSummary> cs = new ArrayList<>();
        List<PerturbationSummary.ScoreSummary> ss = new ArrayList<>();
        for (int p = 0; p < curves.length; p++) {
            if (p == methods.size() && !control) {
                continue;
            }
            List<Order> orders = p < methods.size() ? methodOrders : List.of(Order.RANDOM);
            for (int o = 0; o < orders.size(); o++) {
                for (CurveKind k : CurveKind.values()) {
                    cs.add(new PerturbationSummary.CurveSummary(participant(p), orders.get(o), k,
                            curves[p][o][k.ordinal()].result()));
                }
            }
            for (CurveKind k : CurveKind.values()) {
                for (int s = 0; s < layout.size(); s++) {
                    Moments mo = scores[p][k.ordinal()][s];
                    if (p == methods.size() && mo.n() == 0) {
                        continue;
                    }
                    ss.add(new PerturbationSummary.ScoreSummary(participant(p),
                            new ScoreKey(k, layout.names().get(s)), mo.estimate()));
                }
            }
        }
        List<PerturbationSummary.LocalizationSummary> loc = new ArrayList<>();
        for (int m = 0; m < methods.size(); m++) {
            loc.add(new PerturbationSummary.LocalizationSummary(methods.get(m), localization[m][0].estimate(),
                    localization[m][1].estimate()));
        }
        List<FriedmanResult> rankings = new ArrayList<>();
        List<PairwiseTest> pairs = new ArrayList<>();
        List<ZeroTest> gaps = new ArrayList<>();
        for (PairedScores ps : paired.values()) {
            rankings.add(ps.friedman());
            pairs.addAll(ps.pairwise());
            if (ps.key().score().equals("random_gap")) {
                gaps.addAll(ps.againstZero());
            }
        }
        List<FlipSummary> fl = new ArrayList<>();
        for (int p = 0; p < flips.length; p++) {
            if (java.util.Arrays.stream(flips[p]).sum() > 0) {
                fl.add(FlipSummary.of(participant(p), flips[p]));
            }
        }
        return new PerturbationSummary(target, methods, new LinkedHashMap<>(parameters), layout.names(),
                curvePoints, new PerturbationSummary.Counts(records, withTruth, records - withTruth, commonSet,
                        excluded, maskDefined), counts, List.copyOf(problems), List.copyOf(missingTruth), cs, ss,
                loc, rankings, pairs, gaps, fl);
    }

    /**
     * The accumulator's exact state — every count, exact sum and paired row — for the typed partial statistics of a
     * work unit (JSON, {@code docs/RESULTS_FORMAT.md}). {@link #restore} of it gives an accumulator whose
     * {@link #finish()} and {@link #combine} results are bit-for-bit those of this one.
     */
    public State state() {
        Moments.State[][][][] c = new Moments.State[curves.length][][][];
        for (int p = 0; p < curves.length; p++) {
            c[p] = new Moments.State[curves[p].length][][];
            for (int o = 0; o < curves[p].length; o++) {
                c[p][o] = new Moments.State[curves[p][o].length][];
                for (int k = 0; k < curves[p][o].length; k++) {
                    c[p][o][k] = curves[p][o][k].state();
                }
            }
        }
        Moments.State[][][] sc = new Moments.State[scores.length][][];
        for (int p = 0; p < scores.length; p++) {
            sc[p] = new Moments.State[scores[p].length][];
            for (int k = 0; k < scores[p].length; k++) {
                sc[p][k] = new Moments.State[scores[p][k].length];
                for (int i = 0; i < scores[p][k].length; i++) {
                    sc[p][k][i] = scores[p][k][i].state();
                }
            }
        }
        Moments.State[][] loc = new Moments.State[localization.length][2];
        for (int m = 0; m < localization.length; m++) {
            loc[m][0] = localization[m][0].state();
            loc[m][1] = localization[m][1].state();
        }
        LinkedHashMap<String, PairedScores.State> pairs = new LinkedHashMap<>();
        paired.forEach((k, v) -> pairs.put(k.curve().key() + "_" + k.score(), v.state()));
        List<String> tested = new ArrayList<>();
        paired.keySet().stream().map(k -> k.curve().key()).distinct().forEach(tested::add);
        long[][] st = new long[statusCounts.length][];
        for (int p = 0; p < st.length; p++) {
            st[p] = statusCounts[p].clone();
        }
        long[][] fl = new long[flips.length][];
        for (int p = 0; p < fl.length; p++) {
            fl[p] = flips[p].clone();
        }
        return new State(target, methods, new LinkedHashMap<>(parameters), tested, records, withTruth, commonSet,
                excluded, maskDefined, st, constantCounts.clone(), List.copyOf(problems), List.copyOf(missingTruth),
                c, sc, loc, pairs, fl);
    }

    /**
     * An accumulator in a stored state, for {@code config}: the state must have been taken from an accumulator of
     * the same target, methods, parameters and tested curves, with every array of the configuration's dimensions.
     *
     * @throws IllegalArgumentException naming the first part of the state that does not fit
     */
    public static SummaryAccumulator restore(PerturbationConfig config, State s) {
        if (s == null || s.target() == null || s.methods() == null || s.parameters() == null
                || s.testedCurves() == null) {
            throw new IllegalArgumentException("the state lacks target, methods, parameters or tested_curves");
        }
        List<CurveKind> tested = new ArrayList<>();
        for (String k : s.testedCurves()) {
            tested.add(curveKind(k));
        }
        SummaryAccumulator a = create(config, s.target(), s.methods(), tested);
        if (!a.parameters.equals(s.parameters())) {
            throw new IllegalArgumentException("the state's perturbation parameters " + s.parameters()
                    + " differ from the run's " + a.parameters);
        }
        if (s.records() < 0 || s.withTruth() < 0 || s.commonSet() < 0 || s.excluded() < 0 || s.maskDefined() < 0) {
            throw new IllegalArgumentException("negative counts");
        }
        a.records = s.records();
        a.withTruth = s.withTruth();
        a.commonSet = s.commonSet();
        a.excluded = s.excluded();
        a.maskDefined = s.maskDefined();
        dims("status_counts", s.statusCounts(), a.statusCounts.length);
        for (int p = 0; p < a.statusCounts.length; p++) {
            dims("status_counts[" + p + "]", s.statusCounts()[p], a.statusCounts[p].length);
            System.arraycopy(s.statusCounts()[p], 0, a.statusCounts[p], 0, a.statusCounts[p].length);
        }
        dims("constant_counts", s.constantCounts(), a.constantCounts.length);
        System.arraycopy(s.constantCounts(), 0, a.constantCounts, 0, a.constantCounts.length);
        if (s.problems() != null) {
            s.problems().forEach(x -> example(a.problems, x));
        }
        if (s.missingTruth() != null) {
            s.missingTruth().forEach(x -> example(a.missingTruth, x));
        }
        dims("curves", s.curves(), a.curves.length);
        for (int p = 0; p < a.curves.length; p++) {
            dims("curves[" + p + "]", s.curves()[p], a.curves[p].length);
            for (int o = 0; o < a.curves[p].length; o++) {
                dims("curves[" + p + "][" + o + "]", s.curves()[p][o], a.curves[p][o].length);
                for (int k = 0; k < a.curves[p][o].length; k++) {
                    a.curves[p][o][k] = CurveAccumulator.restore(a.curvePoints, s.curves()[p][o][k]);
                }
            }
        }
        dims("scores", s.scores(), a.scores.length);
        for (int p = 0; p < a.scores.length; p++) {
            dims("scores[" + p + "]", s.scores()[p], a.scores[p].length);
            for (int k = 0; k < a.scores[p].length; k++) {
                dims("scores[" + p + "][" + k + "]", s.scores()[p][k], a.scores[p][k].length);
                for (int i = 0; i < a.scores[p][k].length; i++) {
                    a.scores[p][k][i] = Moments.restore(s.scores()[p][k][i]);
                }
            }
        }
        dims("localization", s.localization(), a.localization.length);
        for (int m = 0; m < a.localization.length; m++) {
            dims("localization[" + m + "]", s.localization()[m], 2);
            a.localization[m][0] = Moments.restore(s.localization()[m][0]);
            a.localization[m][1] = Moments.restore(s.localization()[m][1]);
        }
        if (s.paired() == null || s.paired().size() != a.paired.size()) {
            throw new IllegalArgumentException("paired needs " + a.paired.size() + " scores");
        }
        for (Map.Entry<ScoreKey, PairedScores> e : a.paired.entrySet()) {
            String name = e.getKey().curve().key() + "_" + e.getKey().score();
            PairedScores.State ps = s.paired().get(name);
            if (ps == null) {
                throw new IllegalArgumentException("paired lacks " + name);
            }
            e.getValue().restore(ps);
        }
        // a state written before decision flips were counted has none: its records are simply not in the flips' n
        if (s.flips() != null) {
            dims("flips", s.flips(), a.flips.length);
            for (int p = 0; p < a.flips.length; p++) {
                dims("flips[" + p + "]", s.flips()[p], a.flips[p].length);
                for (long v : s.flips()[p]) {
                    if (v < 0) {
                        throw new IllegalArgumentException("negative count in flips[" + p + "]");
                    }
                }
                System.arraycopy(s.flips()[p], 0, a.flips[p], 0, a.flips[p].length);
            }
        }
        return a;
    }

    private static CurveKind curveKind(String key) {
        for (CurveKind k : CurveKind.values()) {
            if (k.key().equals(key)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown curve kind '" + key + "'");
    }

    private static void dims(String what, Object array, int expected) {
        int n = array == null ? -1 : java.lang.reflect.Array.getLength(array);
        if (n != expected) {
            throw new IllegalArgumentException(what + " has " + (n < 0 ? "no" : Integer.toString(n))
                    + " entries, expected " + expected);
        }
    }

    /**
     * The exact state of a {@link SummaryAccumulator}; arrays are indexed as the accumulator's fields are
     * (participants = methods, then the random-order control; order slots; curve kinds in {@link CurveKind} order;
     * score names in {@link ScoreLayout} order).
     *
     * @param target target key
     * @param methods canonical method specs
     * @param parameters perturbation parameters
     * @param testedCurves curve kinds with paired tests
     * @param records records accepted
     * @param withTruth records with a true value
     * @param commonSet records where every method succeeded
     * @param excluded records where some method failed
     * @param maskDefined records with a ground-truth mask
     * @param statusCounts [participant][status]
     * @param constantCounts [method]
     * @param problems examples of problems
     * @param missingTruth examples of records without truth
     * @param curves [participant][order slot][curve kind][point]
     * @param scores [participant][curve kind][score]
     * @param localization [method][mass, rank]
     * @param paired per tested score ({@code <curve>_<score>}), the rows by record id
     * @param flips [participant][k], records whose decision first flips at step k (0 = never); null in states written
     *     before flips were counted (read as no flip data)
     */
    public record State(String target, List<String> methods, Map<String, String> parameters,
            List<String> testedCurves, long records, long withTruth, long commonSet, long excluded, long maskDefined,
            long[][] statusCounts, long[] constantCounts, List<String> problems, List<String> missingTruth,
            Moments.State[][][][] curves, Moments.State[][][] scores, Moments.State[][] localization,
            Map<String, PairedScores.State> paired, long[][] flips) {
    }

    private String participant(int p) {
        return p < methods.size() ? methods.get(p) : MethodEvaluation.CONTROL;
    }
}
