package org.heatbench.results.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import org.heatbench.results.GalleryFile;
import org.heatbench.results.report.RunData.TargetData;

/**
 * The heatmap gallery's data as JSON for the page's script, compact enough to embed: per record the ECG as
 * little-endian int16 µV and per method the attribution as int8 with square-root companding
 * ({@code q = round(127 · sign(a) · sqrt(|a| / max|a|))}, decoded as {@code sign(q) · (q / 127)²} in units of
 * the record's max |a|), both base64. The page's normalization (division by the 90% cumulative-|relevance|
 * threshold) is scale-free, so the per-map scale is not needed; companding keeps about 1/127 relative resolution at
 * 1% of the maximum, where ordinary int8 would round to zero. Non-finite attribution values become 0.
 *
 * <p>Blinded: the attributions of a record are stored in the order of its blinded panels ({@link BlindingKey});
 * neither the method list nor any panel's method is in this JSON (the page loads {@code blinding-key.js} when the
 * rater unblinds). {@code panels} is the number of panels per record.
 *
 * <p>The JSON text is safe inside {@code <script type="application/json">}: every {@code <}, {@code >} and
 * {@code &} is written as a {@code \}{@code u} escape, so no {@code </script>} or {@code <!--} can occur. Stateless.
 */
final class GalleryJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GalleryJson() {
    }

    /** @return the gallery data of the targets that have a gallery, as script-safe JSON text */
    static String of(List<TargetData> targets, String runId, long seed) {
        ObjectNode root = JSON.createObjectNode();
        root.put("run", runId);
        ArrayNode ts = root.putArray("targets");
        for (TargetData t : targets) {
            GalleryFile.Gallery g = t.gallery();
            if (g == null || g.size() == 0) {
                continue;
            }
            ObjectNode o = ts.addObject();
            o.put("target", t.target());
            o.put("unit", g.unit() == null ? t.unit() : g.unit());
            o.put("fs", g.samplingRateHz());
            o.put("samples", g.samples());
            ArrayNode leads = o.putArray("leads");
            g.leads().forEach(leads::add);
            o.put("panels", g.methods().size());
            ArrayNode fid = o.putArray("fiducialNames");
            GalleryFile.FIDUCIALS.forEach(fid::add);
            ArrayNode recs = o.putArray("records");
            int item = g.leads().size() * g.samples();
            for (int r = 0; r < g.size(); r++) {
                ObjectNode rec = recs.addObject();
                rec.put("id", g.recordIds().get(r));
                rec.put("index", g.recordIndices()[r]);
                putNumber(rec, "truth", g.truth()[r]);
                putNumber(rec, "prediction", g.prediction()[r]);
                ArrayNode f = rec.putArray("fiducials");
                for (int k = 0; k < GalleryFile.FIDUCIALS.size(); k++) {
                    f.add(g.fiducials()[r * GalleryFile.FIDUCIALS.size() + k]);
                }
                rec.put("ecg", int16(g.ecg(), r * item, item));
                ArrayNode attr = rec.putArray("attr");
                for (int m : BlindingKey.order(seed, t.target(), g.recordIds().get(r), g.methods().size())) {
                    attr.add(companded(g.attributions().get(m), r * item, item));
                }
            }
        }
        try {
            return scriptSafe(JSON.writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the gallery", e);
        }
    }

    /** Replaces {@code <}, {@code >} and {@code &} by JSON unicode escapes (they occur only inside strings). */
    static String scriptSafe(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }

    private static void putNumber(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) {
            o.put(field, Double.parseDouble(String.format(java.util.Locale.ROOT, "%.4g", v)));
        } else {
            o.putNull(field);
        }
    }

    /** int16 little endian, rounded µV, clamped to the int16 range (NaN as 0), base64. */
    static String int16(float[] x, int offset, int length) {
        ByteBuffer b = ByteBuffer.allocate(2 * length).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < length; i++) {
            float v = x[offset + i];
            long q = Float.isFinite(v) ? Math.round(v) : 0;
            b.putShort((short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, q)));
        }
        return Base64.getEncoder().encodeToString(b.array());
    }

    /** int8 square-root companded relative to the slice's max |a|, base64. */
    static String companded(float[] a, int offset, int length) {
        double max = 0;
        for (int i = 0; i < length; i++) {
            float v = a[offset + i];
            if (Float.isFinite(v)) {
                max = Math.max(max, Math.abs(v));
            }
        }
        byte[] q = new byte[length];
        for (int i = 0; i < length; i++) {
            float v = a[offset + i];
            if (max > 0 && Float.isFinite(v)) {
                q[i] = (byte) Math.round(127 * Math.signum(v) * Math.sqrt(Math.abs(v) / max));
            }
        }
        return Base64.getEncoder().encodeToString(q);
    }

    /** Decodes one companded value (what the page's script does), in units of the map's max |a|. */
    static double decode(byte q) {
        double r = q / 127.0;
        return Math.signum(r) * r * r;
    }
}
