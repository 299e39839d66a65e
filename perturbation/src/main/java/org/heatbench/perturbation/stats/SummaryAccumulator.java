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
                        curves[i][o][k.ordinal()].accept(k.curve(p, e.truth(), rel));
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
        return new PerturbationSummary(target, methods, new LinkedHashMap<>(parameters), layout.names(),
                curvePoints, new PerturbationSummary.Counts(records, withTruth, records - withTruth, commonSet,
                        excluded, maskDefined), counts, List.copyOf(problems), List.copyOf(missingTruth), cs, ss,
                loc, rankings, pairs, gaps);
    }

    private String participant(int p) {
        return p < methods.size() ? methods.get(p) : MethodEvaluation.CONTROL;
    }
}
