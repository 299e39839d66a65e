package org.heatbench.datasets.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.heatbench.core.InvalidInputException;

/**
 * Per-record metadata and named binary labels of a store: the optional sidecar {@value #FILE} that imports write
 * beside the manifest (format {@value #FORMAT}, version {@value #VERSION}; stores without it — every store of
 * format version 1 written before it existed — simply have no labels or metadata, and the shards are unchanged).
 *
 * <p>Layout: JSON Lines. Line 1 is a header {@code {"format", "format_version", "record_count", "labels": [names,
 * sorted], "label_positives": {name: count}}}; then one line per record in store order
 * {@code {"index": i, "id": "...", "metadata": {"age": "51", "sex": "F", "statements": "...", ...},
 * "labels": {"NORM": 1.0, "SR": 0.0, ...}}}. A record's labels are either absent (unknown: every label NaN) or
 * known: a listed label has its likelihood in [0, 1] (1 = yes; PTB-XL's SCP likelihoods / 100), an unlisted one is
 * 0. Metadata values are strings as the source wrote them.
 *
 * <p>An instance is immutable and thread-safe; it holds every record's entry in memory (about 200 bytes per record
 * plus its metadata text).
 */
public final class RecordMetadata {
    /** The sidecar's file name in the store directory. */
    public static final String FILE = "record-metadata.jsonl";
    /** The sidecar's format name. */
    public static final String FORMAT = "heatbench-record-metadata";
    /** The sidecar's format version. */
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> labelNames;
    private final List<String> ids;
    private final List<Map<String, String>> metadata;
    private final List<Map<String, Double>> labels;

    private RecordMetadata(List<String> labelNames, List<String> ids, List<Map<String, String>> metadata,
            List<Map<String, Double>> labels) {
        this.labelNames = List.copyOf(labelNames);
        this.ids = List.copyOf(ids);
        this.metadata = List.copyOf(metadata);
        this.labels = Collections.unmodifiableList(new ArrayList<>(labels)); // null = unknown
    }

    /** @return the store's sidecar, or empty when it has none */
    public static Optional<RecordMetadata> read(Path storeDir) {
        Path f = storeDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            JsonNode head = first == null ? null : JSON.readTree(first);
            if (head == null || !FORMAT.equals(head.path("format").asText())) {
                throw new InvalidInputException(f + " is not a " + FORMAT + " file");
            }
            if (head.path("format_version").asInt() > VERSION) {
                throw new InvalidInputException(f + " has format version " + head.path("format_version").asInt()
                        + "; this HeatBench reads up to " + VERSION);
            }
            List<String> names = new ArrayList<>();
            head.path("labels").forEach(n -> names.add(n.asText()));
            List<String> ids = new ArrayList<>();
            List<Map<String, String>> meta = new ArrayList<>();
            List<Map<String, Double>> labels = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(line);
                if (n.path("index").asInt(-1) != ids.size()) {
                    throw new InvalidInputException(f + ": line " + (ids.size() + 2) + " has index "
                            + n.path("index") + ", expected " + ids.size());
                }
                ids.add(n.path("id").asText());
                Map<String, String> m = new TreeMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = n.path("metadata").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    m.put(e.getKey(), e.getValue().asText());
                }
                meta.add(Collections.unmodifiableMap(m));
                Map<String, Double> l = null;
                if (n.has("labels")) {
                    l = new TreeMap<>();
                    for (Iterator<Map.Entry<String, JsonNode>> it = n.path("labels").fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        l.put(e.getKey(), e.getValue().asDouble());
                    }
                    l = Collections.unmodifiableMap(l);
                }
                labels.add(l);
            }
            return Optional.of(new RecordMetadata(names, ids, meta, labels));
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    /** @return the label names, sorted */
    public List<String> labelNames() {
        return labelNames;
    }

    /** @return the number of records */
    public int size() {
        return ids.size();
    }

    /** @return record {@code index}'s id */
    public String id(int index) {
        return ids.get(index);
    }

    /** @return record {@code index}'s metadata (possibly empty) */
    public Map<String, String> metadata(int index) {
        return metadata.get(index);
    }

    /** @return true when record {@code index} has labels (else every label is unknown) */
    public boolean hasLabels(int index) {
        return labels.get(index) != null;
    }

    /** @return record {@code index}'s labels in {@link #labelNames()} order: likelihood, 0 when unlisted, NaN when unknown */
    public double[] labels(int index) {
        double[] v = new double[labelNames.size()];
        Map<String, Double> l = labels.get(index);
        for (int k = 0; k < v.length; k++) {
            v[k] = l == null ? Double.NaN : l.getOrDefault(labelNames.get(k), 0.0);
        }
        return v;
    }

    /**
     * Writes the sidecar while records are appended: lines go to a temporary file, and {@link #finish} puts the
     * header (which needs every label name) in front and renames it into place. Single-threaded.
     */
    public static final class Writer implements AutoCloseable {
        private final Path dir;
        private final Path tmp;
        private final BufferedWriter out;
        private final Map<String, Long> positives = new TreeMap<>();
        private final TreeSet<String> names = new TreeSet<>();
        private int count;
        private boolean any;

        public Writer(Path storeDir) {
            this.dir = storeDir;
            this.tmp = storeDir.resolve(FILE + ".lines.tmp");
            try {
                this.out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + tmp, e);
            }
        }

        /** Adds the next record (in store order); {@code labels} null or empty when unknown. */
        public void add(String id, Map<String, String> metadata, Map<String, Double> labels) {
            ObjectNode n = JSON.createObjectNode();
            n.put("index", count++);
            n.put("id", id);
            ObjectNode m = n.putObject("metadata");
            new TreeMap<>(metadata).forEach(m::put);
            any |= !metadata.isEmpty();
            if (labels != null && !labels.isEmpty()) {
                ObjectNode l = n.putObject("labels");
                new TreeMap<>(labels).forEach((k, v) -> {
                    l.put(k, v);
                    names.add(k);
                    if (v > 0) {
                        positives.merge(k, 1L, Long::sum);
                    }
                });
                any = true;
            }
            try {
                out.write(JSON.writeValueAsString(n));
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + tmp, e);
            }
        }

        /** Writes {@value #FILE} when any record had metadata or labels; removes the temporary file. */
        public void finish() {
            close();
            Path part = dir.resolve(FILE + ".tmp");
            try {
                if (any) {
                    ObjectNode head = JSON.createObjectNode();
                    head.put("format", FORMAT);
                    head.put("format_version", VERSION);
                    head.put("record_count", count);
                    names.forEach(head.putArray("labels")::add);
                    ObjectNode pos = head.putObject("label_positives");
                    names.forEach(k -> pos.put(k, positives.getOrDefault(k, 0L)));
                    try (BufferedWriter w = Files.newBufferedWriter(part, StandardCharsets.UTF_8);
                            BufferedReader r = Files.newBufferedReader(tmp, StandardCharsets.UTF_8)) {
                        w.write(JSON.writeValueAsString(head));
                        w.write('\n');
                        r.transferTo(w);
                    }
                    Files.move(part, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                }
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + dir.resolve(FILE), e);
            }
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + tmp, e);
            }
        }

        /** @return the label names seen so far, sorted */
        public List<String> labelNames() {
            return new ArrayList<>(names);
        }

        /** @return positives per label so far */
        public Map<String, Long> positives() {
            return new LinkedHashMap<>(positives);
        }
    }

    @Override
    public String toString() {
        return "RecordMetadata[" + ids.size() + " records, labels " + Arrays.toString(labelNames.toArray()) + "]";
    }
}
