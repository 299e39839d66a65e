package org.heatbench.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.heatbench.perturbation.Order;
import org.heatbench.perturbation.eval.ComponentShares;
import org.heatbench.perturbation.eval.CurveKind;
import org.heatbench.perturbation.eval.Localization;
import org.heatbench.perturbation.eval.MethodEvaluation;
import org.heatbench.perturbation.eval.RecordEvaluation;
import org.heatbench.perturbation.eval.ScoreLayout;

/**
 * Writes the per-record rows of one work unit as a Parquet file (columns in {@code docs/RESULTS_FORMAT.md}): one
 * row per record × participant (each method and the random-order control). NaN numbers are written as nulls. Uses
 * Parquet's own writer on the local (shared) filesystem, without Hadoop checksum files. Not thread-safe.
 */
final class ParquetRows {
    private final MessageType schema;
    private final List<String> scoreColumns = new ArrayList<>();
    private final ScoreLayout layout;

    ParquetRows(ScoreLayout layout) {
        this.layout = layout;
        StringBuilder sb = new StringBuilder("message heatbench_record {\n");
        sb.append("  required binary record_id (STRING);\n  required int32 record_index;\n");
        sb.append("  required binary target (STRING);\n  required binary method (STRING);\n");
        sb.append("  required binary status (STRING);\n  required binary message (STRING);\n");
        sb.append("  optional double truth;\n  optional float prediction;\n  required boolean constant_attribution;\n");
        for (CurveKind k : CurveKind.values()) {
            for (String s : layout.names()) {
                String c = k.key() + "_" + s;
                scoreColumns.add(c);
                sb.append("  optional double ").append(c).append(";\n");
            }
        }
        sb.append("  optional double mass_accuracy;\n  optional double rank_accuracy;\n  optional int32 mask_points;\n");
        for (String c : ComponentShares.COMPONENTS) {
            sb.append("  optional double share_").append(c).append(";\n");
        }
        for (Order o : Order.values()) {
            sb.append("  optional group curve_").append(o.key())
                    .append(" (LIST) {\n    repeated group list {\n      required float element;\n    }\n  }\n");
        }
        sb.append("}\n");
        schema = MessageTypeParser.parseMessageType(sb.toString());
    }

    /** @return the Parquet schema */
    MessageType schema() {
        return schema;
    }

    /**
     * Writes the rows of a unit's records to {@code file} (overwriting it).
     *
     * @param shares per record (same order), method → component shares (null where undefined)
     */
    void write(Path file, List<RecordEvaluation> records, List<Map<String, double[]>> shares) {
        Configuration conf = new Configuration(false);
        conf.set("fs.file.impl", org.apache.hadoop.fs.RawLocalFileSystem.class.getName());
        conf.setBoolean("fs.file.impl.disable.cache", true);
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(HadoopOutputFile.fromPath(
                        new org.apache.hadoop.fs.Path(file.toAbsolutePath().toUri()), conf))
                .withConf(conf).withType(schema).withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build()) {
            for (int r = 0; r < records.size(); r++) {
                RecordEvaluation e = records.get(r);
                List<MethodEvaluation> all = new ArrayList<>(e.methods());
                if (e.control() != null) {
                    all.add(e.control());
                }
                for (MethodEvaluation m : all) {
                    Group g = groups.newGroup();
                    g.append("record_id", e.recordId()).append("record_index", e.index()).append("target", e.target())
                            .append("method", m.method()).append("status", m.status().key())
                            .append("message", m.message());
                    optional(g, "truth", e.truth());
                    if (!Float.isNaN(e.cleanPrediction())) {
                        g.append("prediction", e.cleanPrediction());
                    }
                    g.append("constant_attribution", m.constantAttribution());
                    int c = 0;
                    for (CurveKind k : CurveKind.values()) {
                        for (int s = 0; s < layout.size(); s++) {
                            optional(g, scoreColumns.get(c++), m.score(k, s));
                        }
                    }
                    Localization l = m.localization();
                    if (l != null) {
                        optional(g, "mass_accuracy", l.massAccuracy());
                        optional(g, "rank_accuracy", l.rankAccuracy());
                        g.append("mask_points", l.maskPoints());
                    }
                    double[] sh = shares.get(r).get(m.method());
                    if (sh != null) {
                        for (int k = 0; k < sh.length; k++) {
                            g.append("share_" + ComponentShares.COMPONENTS.get(k), sh[k]);
                        }
                    }
                    for (Map.Entry<Order, float[]> pe : m.predictions().entrySet()) {
                        Group list = g.addGroup("curve_" + pe.getKey().key());
                        for (float v : pe.getValue()) {
                            list.addGroup("list").append("element", v);
                        }
                    }
                    w.write(g);
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }

    private static void optional(Group g, String column, double v) {
        if (!Double.isNaN(v)) {
            g.append(column, v);
        }
    }
}
