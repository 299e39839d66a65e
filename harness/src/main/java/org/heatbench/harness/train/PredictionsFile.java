package org.heatbench.harness.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
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

/**
 * A predictions table: one row per record with {@code id}, {@code index} (store index), {@code split},
 * {@code prediction} and {@code truth} (the target's value; NaN where the store has none or no target is known).
 * CSV ({@code .csv}) or Parquet ({@code .parquet}, NaN stored as NaN). Written to a hidden temporary file and
 * renamed, so an interrupted write leaves no file that looks complete.
 *
 * @param ids         record ids
 * @param indices     store indices
 * @param splits      split labels
 * @param predictions model outputs
 * @param truths      target values or NaN
 */
record PredictionsFile(String[] ids, int[] indices, String[] splits, double[] predictions, double[] truths) {
    private static final MessageType SCHEMA = MessageTypeParser.parseMessageType("message heatbench_prediction {\n"
            + "  required binary id (STRING);\n  required int32 index;\n  required binary split (STRING);\n"
            + "  required double prediction;\n  required double truth;\n}\n");

    /** @return whether {@code file} names a format this writer knows (.csv or .parquet) */
    static boolean supported(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".csv") || n.endsWith(".parquet");
    }

    void write(Path file) {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".partial");
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.deleteIfExists(tmp);
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet")) {
                writeParquet(tmp);
            } else {
                writeCsv(tmp);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the original failure is what the user needs to see
            }
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void writeCsv(Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("id,index,split,prediction,truth\n");
            for (int i = 0; i < ids.length; i++) {
                w.write(csv(ids[i]) + "," + indices[i] + "," + splits[i] + "," + predictions[i] + "," + truths[i] + "\n");
            }
        }
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private void writeParquet(Path file) throws IOException {
        Configuration conf = new Configuration(false);
        conf.set("fs.file.impl", org.apache.hadoop.fs.RawLocalFileSystem.class.getName());
        conf.setBoolean("fs.file.impl.disable.cache", true);
        SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(HadoopOutputFile.fromPath(
                        new org.apache.hadoop.fs.Path(file.toAbsolutePath().toUri()), conf))
                .withConf(conf).withType(SCHEMA).withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build()) {
            for (int i = 0; i < ids.length; i++) {
                w.write(groups.newGroup().append("id", ids[i]).append("index", indices[i]).append("split", splits[i])
                        .append("prediction", predictions[i]).append("truth", truths[i]));
            }
        }
    }
}
