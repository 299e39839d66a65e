package org.heatbench.perturbation.io;

import static org.heatbench.perturbation.io.CsvFields.num;
import static org.heatbench.perturbation.io.CsvFields.text;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.heatbench.core.ConfigurationException;
import org.heatbench.perturbation.Order;
import org.heatbench.perturbation.PerturbationConfig;
import org.heatbench.perturbation.eval.Classification;
import org.heatbench.perturbation.eval.ComponentShares;
import org.heatbench.perturbation.eval.CurveKind;
import org.heatbench.perturbation.eval.MethodEvaluation;
import org.heatbench.perturbation.eval.RecordEvaluation;
import org.heatbench.perturbation.eval.ScoreLayout;
import org.heatbench.perturbation.run.EvaluatedChunk;
import org.heatbench.perturbation.stats.PerturbationSummary;

/**
 * Writes a perturbation run's results into a directory:
 * <ul>
 *   <li>{@code records.csv}: one row per record and method (and the {@code random_order} control), the scalar
 *       columns of {@link RecordColumns} (the Spark jobs' Parquet rows have the same): status and reason, truth,
 *       clean prediction, constant-attribution flag, every score of every curve kind ({@code error_auc_5}, ...,
 *       {@code change_random_gap}), localization accuracies, component shares;</li>
 *   <li>{@code curves.csv.gz}: per record, method and order, the rows {@code prediction} (ŷ_0..ŷ_K, float32),
 *       {@code error} (|y − ŷ_k|, only with a truth value) and {@code change} (|ŷ_0 − ŷ_k|); for a classifier's class
 *       {@code error} (the loss), {@code relative_error} (|y − p_k|), both only with a label, and {@code change} (the
 *       drop of the followed score) — the curves of {@link Classification#curveOf}, as the summaries';</li>
 *   <li>{@code summary.json}: provenance, configuration, counts, mean curves with CIs, scores, rankings and tests
 *       ({@link SummaryDocument}, written by {@link SummaryFile});</li>
 *   <li>{@code summary.csv} (mean scores and localization with CIs and ranks, decision flips), {@code mean_curves.csv},
 *       {@code rankings.csv}, {@code pairwise.csv}, {@code random_gap_tests.csv} (their columns:
 *       {@code SummaryTables});</li>
 *   <li>{@code components.csv}: share of |relevance| per beat segment ({@link #writeComponents}, by
 *       {@code ComponentsTable}).</li>
 * </ul>
 * This class owns the directory (where an earlier run may be replaced, the {@code .partial} names and their renaming)
 * and streams the per-record files; the summary tables are formatted by {@code SummaryTables}, every CSV field by
 * {@code CsvFields}. Files are written under {@code .partial} names and renamed when complete, so an interrupted run
 * leaves no file that looks finished. Numbers are written with Java's shortest round-trip representation (float32
 * values as float32); NaN is written as an empty CSV field and {@code null} in JSON; fields holding a comma or quote
 * are quoted. UTF-8, '\n' line ends. Not thread-safe: one writer per directory, called from one thread at a time.
 */
public final class ResultsWriter implements AutoCloseable {
    private static final String PARTIAL = ".partial";
    private final Path dir;
    private final PerturbationConfig config;
    private final RecordColumns columns;
    private final Classification classification;
    private final List<CurveKind> curveRows;
    private final Writer records;
    private final Writer curves;
    private final List<Path> written = new ArrayList<>();
    private boolean finished;

    private ResultsWriter(Path dir, PerturbationConfig config, boolean withRecords, Classification classification)
            throws IOException {
        this.dir = dir;
        this.config = config;
        this.classification = classification;
        // regression: error and change (relative_error follows from error); a class: the loss, |y - p| and the drop
        this.curveRows = classification == null ? List.of(CurveKind.ERROR, CurveKind.CHANGE)
                : List.of(CurveKind.ERROR, CurveKind.RELATIVE_ERROR, CurveKind.CHANGE);
        this.columns = RecordColumns.of(ScoreLayout.of(config));
        if (withRecords) {
            this.records = Files.newBufferedWriter(partial("records.csv"), StandardCharsets.UTF_8);
            this.curves = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(
                    Files.newOutputStream(partial("curves.csv.gz")), 1 << 16), StandardCharsets.UTF_8), 1 << 16);
            writeHeaders();
        } else {
            this.records = Writer.nullWriter();
            this.curves = Writer.nullWriter();
        }
    }

    /**
     * Writes only the summary files ({@code summary.json}, {@code summary.csv}, {@code mean_curves.csv},
     * {@code rankings.csv}, {@code pairwise.csv}, {@code random_gap_tests.csv}) into {@code dir}, replacing earlier
     * ones — for runs whose per-record rows are stored elsewhere (the Spark jobs' Parquet files).
     */
    public static void writeSummary(Path dir, PerturbationConfig config, PerturbationSummary summary,
            Map<String, Object> provenance) {
        try {
            Files.createDirectories(dir);
            new ResultsWriter(dir, config, false, null).finish(summary, provenance);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create results in " + dir, e);
        }
    }

    /** Header of {@code components.csv}. */
    public static final String COMPONENTS_HEADER = ComponentsTable.HEADER;

    /**
     * Writes {@code components.csv} (docs/RESULTS_FORMAT.md): per target, method and beat segment, the mean share of
     * |relevance| with its 95% CI — the same file from {@code heatbench perturb} (one target) and {@code heatbench
     * run} (each target's summary directory, and all targets in {@code summary/}). Columns {@link #COMPONENTS_HEADER}
     * (shares are fractions in [0, 1]); an undefined statistic (no shares, one share) is NaN and written as an empty
     * field. Written under a temporary name in the same directory and moved into place atomically, replacing an earlier
     * file. Thread-safe for different files.
     *
     * @param byTarget target key → its component statistics, in output order
     */
    public static void writeComponents(Path file, Map<String, ComponentShares> byTarget) {
        ComponentsTable.write(file, byTarget);
    }

    /**
     * Opens a results directory.
     *
     * @param overwrite whether an earlier run's results there may be replaced
     * @throws ConfigurationException when the directory holds a finished run and {@code overwrite} is false
     */
    public static ResultsWriter open(Path dir, PerturbationConfig config, boolean overwrite) {
        return open(dir, config, overwrite, null);
    }

    /**
     * Opens a results directory for a target: a classifier's class when {@code classification} is not null, whose
     * {@code curves.csv.gz} rows are then the class's curves ({@link Classification}: {@code error} the loss,
     * {@code relative_error} |y − p|, {@code change} the drop of the followed score), as {@code heatbench run}'s.
     *
     * @throws ConfigurationException when the directory holds a finished run and {@code overwrite} is false
     */
    public static ResultsWriter open(Path dir, PerturbationConfig config, boolean overwrite,
            Classification classification) {
        try {
            if (Files.exists(dir.resolve("summary.json")) && !overwrite) {
                throw new ConfigurationException("results directory " + dir + " already holds a run (summary.json); "
                        + "choose another --out or pass --overwrite");
            }
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new ConfigurationException("--out " + dir + " exists and is not a directory");
            }
            Files.createDirectories(dir);
            return new ResultsWriter(dir, config, true, classification);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create results in " + dir, e);
        }
    }

    private Path partial(String name) {
        written.add(dir.resolve(name));
        return dir.resolve(name + PARTIAL);
    }

    private void writeHeaders() throws IOException {
        List<String> h = columns.scalarColumns().stream().map(RecordColumns.Column::name).toList();
        records.write(String.join(",", h));
        records.write('\n');
        List<String> c = new ArrayList<>(List.of("record_id", "method", "order", "curve"));
        for (int k = 0; k < config.schedule().curvePoints(); k++) {
            c.add("v" + k);
        }
        curves.write(String.join(",", c));
        curves.write('\n');
    }

    /** Writes one record's rows, without component shares. */
    public void accept(RecordEvaluation e) {
        accept(e, null);
    }

    /** Writes the rows of a chunk's records with their component shares. */
    public void accept(EvaluatedChunk chunk) {
        for (int i = 0; i < chunk.evaluations().size(); i++) {
            accept(chunk.evaluations().get(i), chunk.shares().get(i));
        }
    }

    /**
     * Writes one record's rows ({@link RecordColumns}: the row schema of the Spark jobs' Parquet files too).
     *
     * @param shares method → component shares (null where undefined, or null for none)
     */
    public void accept(RecordEvaluation e, Map<String, double[]> shares) {
        try {
            List<RecordColumns.Column> cols = columns.columns();
            for (Object[] row : columns.rows(e, shares)) {
                StringBuilder sb = new StringBuilder(512);
                boolean first = true;
                for (int c = 0; c < cols.size(); c++) {
                    RecordColumns.Column col = cols.get(c);
                    if (col.type() == RecordColumns.Type.FLOAT_LIST) {
                        continue;
                    }
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    Object v = row[c];
                    if (v instanceof String str) {
                        sb.append(text(str));
                    } else if (v instanceof Double d) {
                        sb.append(num(d));
                    } else if (v instanceof Float f) {
                        sb.append(num(f));
                    } else if (v != null) {
                        sb.append(v);
                    }
                }
                sb.append('\n');
                records.write(sb.toString());
            }
            List<MethodEvaluation> all = new ArrayList<>(e.methods());
            if (e.control() != null) {
                all.add(e.control());
            }
            for (MethodEvaluation m : all) {
                for (Map.Entry<Order, float[]> pe : m.predictions().entrySet()) {
                    float[] p = pe.getValue();
                    writeCurve(e, m, pe.getKey(), "prediction", null, p);
                    for (CurveKind k : curveRows) {
                        if (!k.needsTruth() || e.hasTruth()) {
                            writeCurve(e, m, pe.getKey(), k.key(), Classification.curveOf(classification, k, p,
                                    e.truth(), config.relativeError()), null);
                        }
                    }
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write results in " + dir, ex);
        }
    }

    private void writeCurve(RecordEvaluation e, MethodEvaluation m, Order o, String kind, double[] d, float[] f)
            throws IOException {
        StringBuilder sb = new StringBuilder(4096);
        sb.append(text(e.recordId())).append(',').append(text(m.method())).append(',').append(o.key()).append(',')
                .append(kind);
        int n = d != null ? d.length : f.length;
        for (int k = 0; k < n; k++) {
            sb.append(',').append(d != null ? num(d[k]) : num(f[k]));
        }
        sb.append('\n');
        curves.write(sb.toString());
    }

    /**
     * Writes the summary files and completes the directory.
     *
     * @param provenance what produced the results (model and hash, methods, dataset and slice, seed, versions, ...)
     */
    public void finish(PerturbationSummary summary, Map<String, Object> provenance) {
        try {
            records.close();
            curves.close();
            SummaryFile.write(partial("summary.json"), SummaryDocument.of(summary, provenance));
            SummaryTables.write(summary, this::partial);
            for (Path p : written) {
                Files.move(p.resolveSibling(p.getFileName() + PARTIAL), p, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
            finished = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results in " + dir, e);
        }
    }

    /**
     * A CSV field as every HeatBench table writes it: quoted when it holds a comma, quote or line break (method specs
     * contain commas), the quote doubled ({@link CsvFields#text}). Thread-safe.
     */
    public static String csv(String s) {
        return CsvFields.text(s);
    }

    /** Closes the files; without {@link #finish} the {@code .partial} files stay as they are. */
    @Override
    public void close() {
        if (finished) {
            return;
        }
        try {
            records.close();
            curves.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close results in " + dir, e);
        }
    }
}
