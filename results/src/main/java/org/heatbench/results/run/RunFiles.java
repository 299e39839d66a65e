package org.heatbench.results.run;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.heatbench.core.HeatBenchException;
import org.heatbench.core.InvalidInputException;

/**
 * Reading and writing the typed JSON files of a run directory, with the format check, and the checksums of unit
 * files. Names are the record components' names in snake case. Numbers are written in Java's shortest round-trip
 * form, so doubles (the partials of exact sums) read back bit for bit. Unknown fields are ignored (a newer minor
 * writer); an unknown {@code format} or {@code format_version} is refused with one line naming the file. A file whose
 * name ends in {@code .gz} is written as compact gzip-compressed JSON (the partial statistics: their exact-sum curve
 * states are large, and gzip takes them to a third or a quarter); reading recognises gzip by its magic bytes, so
 * plain and compressed files read alike. Stateless, thread-safe.
 */
public final class RunFiles {
    /** {@code format} of run.json. */
    public static final String RUN_FORMAT = "heatbench-run";
    /** {@code format} of a unit marker. */
    public static final String UNIT_FORMAT = "heatbench-unit";
    /** {@code format} of a unit's partial statistics. */
    public static final String PARTIAL_FORMAT = "heatbench-unit-statistics";
    /** {@code format} of the driver's lease. */
    public static final String LEASE_FORMAT = "heatbench-lease";
    /**
     * The version of the run directory's layout and of every file above. 2: typed partial statistics in JSON
     * (version 1 Java-serialised them and is not read), file checksums in the unit markers.
     */
    public static final int FORMAT_VERSION = 2;

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    private RunFiles() {
    }

    /**
     * Reads a typed file of a run directory.
     *
     * @param format the {@code format} the file must declare
     * @throws InvalidInputException naming the file when it is not JSON, declares another format or an unknown
     *     version, or does not fit the type
     * @throws HeatBenchException when it cannot be read
     */
    public static <T> T read(Path file, String format, Class<T> type) {
        JsonNode tree;
        try {
            tree = parse(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + " does not exist");
        } catch (IOException e) {
            throw new InvalidInputException(file + " is not valid JSON (" + firstLine(e) + ")", e);
        }
        checkFormat(file, tree, format);
        try {
            return JSON.treeToValue(tree, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException(file + " does not fit the " + format + " format (" + firstLine(e) + ")", e);
        }
    }

    /**
     * Checks {@code format} and {@code format_version} of a parsed file.
     *
     * @throws InvalidInputException with one line naming the file, the found and the supported format
     */
    public static void checkFormat(Path file, JsonNode tree, String format) {
        if (tree == null || !tree.isObject()) {
            throw new InvalidInputException(file + " is not a JSON object (expected " + format + ")");
        }
        String f = tree.path("format").asText("");
        if (!format.equals(f)) {
            throw new InvalidInputException(file + " declares format '" + f + "', expected '" + format + "'");
        }
        JsonNode v = tree.get("format_version");
        if (v == null || !v.canConvertToInt() || v.asInt() != FORMAT_VERSION) {
            throw new InvalidInputException(file + ": " + format + " format version " + (v == null ? "(none)" : v)
                    + " is not supported; this HeatBench reads version " + FORMAT_VERSION
                    + (v != null && v.asInt() < FORMAT_VERSION ? " (an older run: start it afresh with --overwrite)"
                    : " (written by a newer HeatBench)"));
        }
    }

    /** @return the file parsed as a tree, or null when it is missing or not JSON (the report's lenient reading) */
    public static JsonNode tree(Path file) {
        try {
            return parse(file);
        } catch (IOException e) {
            return null;
        }
    }

    /** Parses plain or gzip-compressed JSON, told apart by the gzip magic bytes, not by the name. */
    private static JsonNode parse(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            return JSON.readTree(gzip ? new GZIPInputStream(raw) : raw);
        }
    }

    /**
     * The bytes {@link #write} puts into {@code file}: compact gzip-compressed JSON when its name ends in
     * {@code .gz}, else indented UTF-8 JSON text with a final newline. Deterministic: the gzip header carries no
     * time stamp, so equal values give equal bytes (and equal SHA-256 in the unit markers).
     */
    public static byte[] encode(Path file, Object value) {
        if (!file.getFileName().toString().endsWith(".gz")) {
            return toJson(value).getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes, 1 << 16)) {
            JSON.writeValue(gz, value);
        } catch (IOException e) {
            throw new HeatBenchException("cannot write " + value.getClass().getSimpleName() + " as JSON: " + e, e);
        }
        return bytes.toByteArray();
    }

    /** @return {@code value} as indented JSON text with a final newline */
    public static String toJson(Object value) {
        try {
            return JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value) + "\n";
        } catch (IOException e) {
            throw new HeatBenchException("cannot write " + value.getClass().getSimpleName() + " as JSON: " + e, e);
        }
    }

    /** @return {@code value} as a JSON tree */
    public static JsonNode toTree(Object value) {
        return JSON.valueToTree(value);
    }

    /**
     * Writes {@code value} as JSON under a temporary name unique to this writer and renames it into place (atomic on
     * one filesystem): a reader sees the old file or the new one, never a part.
     *
     * @throws HeatBenchException naming the file when it cannot be written (disk full, read-only folder)
     */
    public static void write(Path file, Object value) {
        writeBytes(file, encode(file, value));
    }

    /** Writes text atomically as {@link #write} does. */
    public static void writeText(Path file, String text) {
        writeBytes(file, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeBytes(Path file, byte[] bytes) {
        Path tmp = temporary(file, UUID.randomUUID().toString());
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the original failure is what matters
            }
            throw new HeatBenchException("cannot write " + file + ": " + firstLine(e), e);
        }
    }

    /**
     * A hidden temporary sibling of {@code file} ({@code .<name>.<tag>.tmp}; Spark and Parquet readers skip names
     * starting with '.'). {@code tag} must be unique per writer: the Spark application id with the task attempt id.
     */
    public static Path temporary(Path file, String tag) {
        return file.resolveSibling("." + file.getFileName() + "." + tag.replaceAll("[^A-Za-z0-9_-]", "_") + ".tmp");
    }

    /**
     * @return the SHA-256 of a file's bytes, lower-case hex
     * @throws HeatBenchException when it cannot be read
     */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (IOException e) {
            throw new HeatBenchException("cannot read " + file + ": " + firstLine(e), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
