package org.heatbench.perturbation.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.heatbench.perturbation.Order;
import org.heatbench.perturbation.eval.ComponentShares;
import org.heatbench.perturbation.eval.CurveKind;
import org.heatbench.perturbation.eval.DecisionFlip;
import org.heatbench.perturbation.eval.Localization;
import org.heatbench.perturbation.eval.MethodEvaluation;
import org.heatbench.perturbation.eval.RecordEvaluation;
import org.heatbench.perturbation.eval.ScoreLayout;

/**
 * The one schema of a per-record row (docs/RESULTS_FORMAT.md, {@code records/*.parquet}; docs/PERTURBATION.md,
 * {@code records.csv}): one row per record × participant (each method, then the random-order control). The Spark
 * jobs' Parquet writer and {@code heatbench perturb}'s {@code records.csv} both take their columns and values from
 * here, so the two cannot drift; {@code records.csv} holds the scalar columns, the curves go to
 * {@code curves.csv.gz}. Missing values (NaN, no localization, no shares, an order not run) are null. The decision-flip
 * columns {@code flipped}, {@code flip_step}, {@code flip_fraction} ({@link DecisionFlip}) follow the shares: null for
 * a regression target, {@code flipped = false} with null step and fraction when a class decision never flips.
 * Immutable, thread-safe.
 */
public final class RecordColumns {
    /** Column types. */
    public enum Type {
        STRING, INT, DOUBLE, FLOAT, BOOLEAN,
        /** A list of float32 values (a prediction curve ŷ₀ … ŷ_K). */
        FLOAT_LIST
    }

    /**
     * A column.
     *
     * @param name column name
     * @param type value type
     * @param required never null
     */
    public record Column(String name, Type type, boolean required) {
    }

    private final ScoreLayout layout;
    private final List<Column> columns;

    private RecordColumns(ScoreLayout layout) {
        this.layout = layout;
        List<Column> c = new ArrayList<>();
        c.add(new Column("record_id", Type.STRING, true));
        c.add(new Column("record_index", Type.INT, true));
        for (String s : List.of("target", "method", "status", "message")) {
            c.add(new Column(s, Type.STRING, true));
        }
        c.add(new Column("truth", Type.DOUBLE, false));
        c.add(new Column("prediction", Type.FLOAT, false));
        c.add(new Column("constant_attribution", Type.BOOLEAN, true));
        for (CurveKind k : CurveKind.values()) {
            for (String s : layout.names()) {
                c.add(new Column(k.key() + "_" + s, Type.DOUBLE, false));
            }
        }
        c.add(new Column("mass_accuracy", Type.DOUBLE, false));
        c.add(new Column("rank_accuracy", Type.DOUBLE, false));
        c.add(new Column("mask_points", Type.INT, false));
        for (String s : ComponentShares.COMPONENTS) {
            c.add(new Column("share_" + s, Type.DOUBLE, false));
        }
        // classification targets only (null for regression): after every earlier column, so those keep positions
        c.add(new Column("flipped", Type.BOOLEAN, false));
        c.add(new Column("flip_step", Type.INT, false));
        c.add(new Column("flip_fraction", Type.DOUBLE, false));
        for (Order o : Order.values()) {
            c.add(new Column("curve_" + o.key(), Type.FLOAT_LIST, false));
        }
        columns = List.copyOf(c);
    }

    /** The columns for a score layout (the scores depend on the perturbation's AUC steps). */
    public static RecordColumns of(ScoreLayout layout) {
        return new RecordColumns(layout);
    }

    /** @return every column, in order */
    public List<Column> columns() {
        return columns;
    }

    /** @return the columns other than curve lists, in order ({@code records.csv}) */
    public List<Column> scalarColumns() {
        return columns.stream().filter(c -> c.type() != Type.FLOAT_LIST).toList();
    }

    /**
     * The rows of one record: each method, then the control when it ran.
     *
     * @param shares method → component shares (null or absent where undefined); null for none at all
     * @return per row, one value per {@link #columns()} entry: String, Integer, Double, Float, Boolean or float[];
     *     null where missing
     */
    public List<Object[]> rows(RecordEvaluation e, Map<String, double[]> shares) {
        List<MethodEvaluation> all = new ArrayList<>(e.methods());
        if (e.control() != null) {
            all.add(e.control());
        }
        List<Object[]> out = new ArrayList<>(all.size());
        for (MethodEvaluation m : all) {
            Object[] v = new Object[columns.size()];
            int i = 0;
            v[i++] = e.recordId();
            v[i++] = e.index();
            v[i++] = e.target();
            v[i++] = m.method();
            v[i++] = m.status().key();
            v[i++] = m.message();
            v[i++] = nullIfNaN(e.truth());
            v[i++] = Float.isNaN(e.cleanPrediction()) ? null : e.cleanPrediction();
            v[i++] = m.constantAttribution();
            for (CurveKind k : CurveKind.values()) {
                for (int s = 0; s < layout.size(); s++) {
                    v[i++] = nullIfNaN(m.score(k, s));
                }
            }
            Localization l = m.localization();
            v[i++] = l == null ? null : nullIfNaN(l.massAccuracy());
            v[i++] = l == null ? null : nullIfNaN(l.rankAccuracy());
            v[i++] = l == null ? null : l.maskPoints();
            double[] sh = shares == null ? null : shares.get(m.method());
            for (int k = 0; k < ComponentShares.COMPONENTS.size(); k++) {
                v[i++] = sh == null ? null : sh[k];
            }
            DecisionFlip f = m.flip();
            v[i++] = f == null ? null : f.flipped();
            v[i++] = f == null || !f.flipped() ? null : f.step();
            v[i++] = f == null || !f.flipped() ? null : f.fraction();
            for (Order o : Order.values()) {
                v[i++] = m.predictions().get(o);
            }
            out.add(v);
        }
        return out;
    }

    private static Double nullIfNaN(double x) {
        return Double.isNaN(x) ? null : x;
    }
}
