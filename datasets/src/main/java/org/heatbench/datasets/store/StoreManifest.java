package org.heatbench.datasets.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.heatbench.core.HeatBenchException;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.Fiducial;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.SplitPolicy;
import org.heatbench.datasets.Target;

/**
 * The small JSON file {@value #FILE_NAME} at the root of a store directory: the store's {@link StoreSpec}, whether
 * the store is complete, and the list of complete shards. Immutable.
 *
 * <p>A writer rewrites the manifest (to a temporary name, then an atomic rename) after each shard file is complete,
 * so the manifest never lists a shard that is not fully written; {@code complete} becomes true only when the writer
 * finishes. See {@code docs/DATASET_FORMAT.md} for the fields.
 *
 * @param spec     the store-wide settings
 * @param complete true once the writer finished; readers refuse incomplete stores
 * @param shards   complete shards sorted by first index
 */
public record StoreManifest(StoreSpec spec, boolean complete, List<ShardEntry> shards) {

    /** The manifest's file name. */
    public static final String FILE_NAME = "manifest.json";
    /** The value of the {@code format} field. */
    public static final String FORMAT = "heatbench-median-beat-store";
    /** The format version this code writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public StoreManifest {
        shards = List.copyOf(shards);
    }

    /** @return the total number of records in the listed shards */
    public long recordCount() {
        return shards.stream().mapToLong(ShardEntry::recordCount).sum();
    }

    /** @return the manifest as JSON text (deterministic: equal manifests give equal text) */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("format_version", FORMAT_VERSION);
        root.put("complete", complete);
        root.put("record_count", recordCount());
        ArrayNode leads = root.putArray("leads");
        spec.leads().forEach(l -> leads.add(l.label()));
        root.put("sampling_rate_hz", spec.samplingRateHz());
        root.put("samples", spec.samples());
        root.put("units", "uV");
        root.put("sample_type", spec.sampleType().label());
        root.put("scale_uv", spec.scaleUv());
        root.put("deflate_level", spec.deflateLevel());
        root.put("shard_size", spec.shardSize());
        ArrayNode targets = root.putArray("targets");
        for (Target t : Target.ALL) {
            targets.addObject().put("name", t.key()).put("unit", t.unit());
        }
        ArrayNode fiducials = root.putArray("fiducials");
        Fiducial.ALL.forEach(f -> fiducials.add(f.key()));
        ObjectNode split = root.putObject("split_policy");
        split.put("seed", spec.splitPolicy().seed());
        split.put("train", spec.splitPolicy().train());
        split.put("val", spec.splitPolicy().val());
        split.put("test", spec.splitPolicy().test());
        root.set("provenance", provenanceJson(spec.provenance()));
        ArrayNode shardArray = root.putArray("shards");
        for (ShardEntry s : shards) {
            ObjectNode o = shardArray.addObject().put("file", s.file()).put("first_index", s.firstIndex())
                    .put("record_count", s.recordCount());
            if (s.sha256() != null) {
                o.put("sha256", s.sha256());
            }
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new HeatBenchException("cannot serialise the store manifest", e);
        }
    }

    static ObjectNode provenanceJson(Provenance p) {
        ObjectNode node = JSON.createObjectNode();
        node.put("kind", p.kind());
        node.put("tool", p.tool());
        node.put("source", p.source());
        ObjectNode params = node.putObject("parameters");
        p.sortedParameters().forEach(params::put);
        return node;
    }

    /** @return the provenance as compact JSON (what each shard stores in its {@code provenance} attribute) */
    static String provenanceText(Provenance p) {
        try {
            return new ObjectMapper().writeValueAsString(provenanceJson(p));
        } catch (JsonProcessingException e) {
            throw new HeatBenchException("cannot serialise provenance", e);
        }
    }

    /** Writes the manifest into {@code dir} atomically (temporary file, then rename). */
    public void writeTo(Path dir) {
        Path tmp = dir.resolve(FILE_NAME + ".tmp");
        try {
            Files.writeString(tmp, toJson(), StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the manifest of store " + dir, e);
        }
    }

    /**
     * Reads and validates {@code dir/manifest.json}.
     *
     * @throws InvalidInputException when the directory holds no manifest, or the manifest is malformed, of another
     *                               format or version, or lists overlapping shards
     */
    public static StoreManifest read(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(dir + " is not a HeatBench store: it has no " + FILE_NAME);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read store manifest " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(root);
        } catch (RuntimeException e) {
            throw new InvalidInputException("store manifest " + file + " is invalid: " + e.getMessage(), e);
        }
    }

    private static StoreManifest parse(JsonNode root) {
        if (!root.isObject()) {
            throw new InvalidInputException("not a JSON object");
        }
        if (!FORMAT.equals(text(root, "format"))) {
            throw new InvalidInputException("format is '" + text(root, "format") + "', expected '" + FORMAT + "'");
        }
        int version = required(root, "format_version").asInt();
        if (version != FORMAT_VERSION) {
            throw new InvalidInputException("format version " + version + " is not supported (this build reads "
                    + FORMAT_VERSION + ")");
        }
        List<String> leadNames = new ArrayList<>();
        required(root, "leads").forEach(n -> leadNames.add(n.asText()));
        JsonNode split = required(root, "split_policy");
        SplitPolicy policy = new SplitPolicy(required(split, "seed").asLong(), required(split, "train").asDouble(),
                required(split, "val").asDouble());
        JsonNode prov = required(root, "provenance");
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode pnode = prov.path("parameters");
        for (Iterator<Map.Entry<String, JsonNode>> it = pnode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            params.put(e.getKey(), e.getValue().asText());
        }
        Provenance provenance = new Provenance(text(prov, "kind"), text(prov, "tool"), text(prov, "source"), params);
        StoreSpec spec = new StoreSpec(Lead.parseAll(leadNames), required(root, "sampling_rate_hz").asDouble(),
                required(root, "samples").asInt(), SampleType.parse(text(root, "sample_type")),
                required(root, "scale_uv").asDouble(), required(root, "deflate_level").asInt(),
                required(root, "shard_size").asInt(), policy, provenance);
        if (!"uV".equals(text(root, "units"))) {
            throw new InvalidInputException("units are '" + text(root, "units") + "', expected 'uV'");
        }
        List<ShardEntry> shards = new ArrayList<>();
        long next = 0;
        for (JsonNode s : required(root, "shards")) {
            JsonNode sha = s.get("sha256");
            ShardEntry e = new ShardEntry(text(s, "file"), required(s, "first_index").asLong(),
                    required(s, "record_count").asInt(), sha == null || sha.isNull() ? null : sha.asText());
            if (e.firstIndex() < next) {
                throw new InvalidInputException("shard " + e.file() + " starts at " + e.firstIndex()
                        + ", overlapping the previous shard that ends at " + next);
            }
            next = e.endIndex();
            shards.add(e);
        }
        boolean complete = required(root, "complete").asBoolean();
        StoreManifest m = new StoreManifest(spec, complete, shards);
        long declared = required(root, "record_count").asLong();
        if (declared != m.recordCount()) {
            throw new InvalidInputException("record_count " + declared + " differs from the sum over shards "
                    + m.recordCount());
        }
        return m;
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new InvalidInputException("field '" + field + "' is missing");
        }
        return v;
    }

    private static String text(JsonNode node, String field) {
        return required(node, field).asText();
    }
}
