package org.heatbench.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
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
import org.heatbench.perturbation.eval.RecordEvaluation;
import org.heatbench.perturbation.eval.ScoreLayout;
import org.heatbench.perturbation.io.RecordColumns;

/**
 * Writes the per-record rows of one work unit as a Parquet file: the columns and values of {@link RecordColumns} (the
 * one row schema, shared with {@code heatbench perturb}'s {@code records.csv}; docs/RESULTS_FORMAT.md), nulls where a
 * value is missing. Uses Parquet's own writer on the local (shared) filesystem, without Hadoop checksum files. Not
 * thread-safe.
 */
final class ParquetRows {
    private final MessageType schema;
    private final RecordColumns columns;

    ParquetRows(ScoreLayout layout) {
        this.columns = RecordColumns.of(layout);
        StringBuilder sb = new StringBuilder("message heatbench_record {\n");
        for (RecordColumns.Column c : columns.columns()) {
            String rep = c.required() ? "required" : "optional";
            switch (c.type()) {
                case STRING -> sb.append("  ").append(rep).append(" binary ").append(c.name()).append(" (STRING);\n");
                case INT -> sb.append("  ").append(rep).append(" int32 ").append(c.name()).append(";\n");
                case DOUBLE -> sb.append("  ").append(rep).append(" double ").append(c.name()).append(";\n");
                case FLOAT -> sb.append("  ").append(rep).append(" float ").append(c.name()).append(";\n");
                case BOOLEAN -> sb.append("  ").append(rep).append(" boolean ").append(c.name()).append(";\n");
                case FLOAT_LIST -> sb.append("  ").append(rep).append(" group ").append(c.name())
                        .append(" (LIST) {\n    repeated group list {\n      required float element;\n    }\n  }\n");
                default -> throw new IllegalStateException("unknown column type " + c.type());
            }
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
        List<RecordColumns.Column> cols = columns.columns();
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(HadoopOutputFile.fromPath(
                        new org.apache.hadoop.fs.Path(file.toAbsolutePath().toUri()), conf))
                .withConf(conf).withType(schema).withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build()) {
            for (int r = 0; r < records.size(); r++) {
                for (Object[] row : columns.rows(records.get(r), shares.get(r))) {
                    Group g = groups.newGroup();
                    for (int c = 0; c < cols.size(); c++) {
                        append(g, cols.get(c), row[c]);
                    }
                    w.write(g);
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }

    private static void append(Group g, RecordColumns.Column c, Object v) {
        if (v == null) {
            return;
        }
        switch (c.type()) {
            case STRING -> g.append(c.name(), (String) v);
            case INT -> g.append(c.name(), (Integer) v);
            case DOUBLE -> g.append(c.name(), (Double) v);
            case FLOAT -> g.append(c.name(), (Float) v);
            case BOOLEAN -> g.append(c.name(), (Boolean) v);
            case FLOAT_LIST -> {
                Group list = g.addGroup(c.name());
                for (float x : (float[]) v) {
                    list.addGroup("list").append("element", x);
                }
            }
            default -> throw new IllegalStateException("unknown column type " + c.type());
        }
    }
}
