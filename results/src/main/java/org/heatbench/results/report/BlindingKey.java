package org.heatbench.results.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.commons.rng.sampling.PermutationSampler;
import org.heatbench.perturbation.StreamKey;
import org.heatbench.results.GalleryFile;
import org.heatbench.results.report.RunData.TargetData;

/**
 * The heatmap gallery's blinding key: for each target and gallery record, which method each blinded panel shows.
 *
 * <p>Panel {@code k} (shown as letter A, B, … in the page) of record {@code id} shows method {@code order(...)[k]}
 * (an index into the gallery's method list). The order is a permutation drawn from the stream
 * {@code StreamKey(runSeed, id, target).stream("gallery", "blinding")}, so regenerating a report keeps every panel's
 * method — ratings exported from an earlier copy of the page stay valid — and {@code heatbench ratings import}
 * recomputes it from the run without the key file.
 *
 * <p>The page ({@code index.html}) holds the attributions in panel order only, never the method of a panel; the key
 * sits beside it in {@code blinding-key.js}, which the page loads only when the rater turns blinding off. Give raters
 * the page without that file (or tell them not to unblind). This is blinding against bias, not a secret: whoever has
 * the run directory can recompute the key. Stateless.
 */
public final class BlindingKey {
    /** The key file's name beside {@code index.html}. */
    public static final String FILE = "blinding-key.js";
    private static final ObjectMapper JSON = new ObjectMapper();

    private BlindingKey() {
    }

    /**
     * @param runSeed the run's seed ({@code run.json} / spec {@code seed}; 0 when unknown)
     * @return panel → method index, a permutation of {@code 0..methods−1}
     */
    public static int[] order(long runSeed, String target, String recordId, int methods) {
        int[] p = PermutationSampler.natural(methods);
        PermutationSampler.shuffle(new StreamKey(runSeed, recordId, target).stream("gallery", "blinding"), p);
        return p;
    }

    /** The letter of panel {@code k}: A..Z, then A1, B1, ... */
    public static String panelId(int k) {
        return String.valueOf((char) ('A' + k % 26)) + (k >= 26 ? String.valueOf(k / 26) : "");
    }

    /** @return the run seed recorded in run.json or spec.json, 0 when absent */
    public static long runSeed(RunData data) {
        for (JsonNode n : new JsonNode[] {data.run(), data.spec()}) {
            if (n != null && n.path("seed").canConvertToLong()) {
                return n.path("seed").asLong();
            }
        }
        return 0;
    }

    /** Writes {@code blinding-key.js} for the targets with a gallery. */
    static void write(Path file, List<TargetData> targets, Labels labels, long seed) {
        ObjectNode root = JSON.createObjectNode();
        for (TargetData t : targets) {
            GalleryFile.Gallery g = t.gallery();
            if (g == null || g.size() == 0) {
                continue;
            }
            ObjectNode o = root.putObject(t.target());
            ArrayNode methods = o.putArray("methods");
            for (String m : g.methods()) {
                methods.addObject().put("spec", m).put("label", labels.of(m));
            }
            ObjectNode orders = o.putObject("order");
            for (String id : g.recordIds()) {
                ArrayNode a = orders.putArray(id);
                for (int v : order(seed, t.target(), id, g.methods().size())) {
                    a.add(v);
                }
            }
        }
        try {
            String js = "/* HeatBench blinding key: panel -> method. Do not give this file to raters. */\n"
                    + "window.heatbenchBlindingKey = " + GalleryJson.scriptSafe(JSON.writeValueAsString(root)) + ";\n";
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, js, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
