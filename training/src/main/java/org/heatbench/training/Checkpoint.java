package org.heatbench.training;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.heatbench.core.InvalidInputException;

/**
 * A resumable training state, written after every epoch (temporary file + atomic rename): the current and the
 * best parameters, Adam's moments, the schedule and the history. Binary: magic {@code HBTRAIN1}, a JSON header
 * (length-prefixed UTF-8), then named float32 tensors and float64 moment arrays.
 *
 * @param header scalar state: {@code epoch} (completed), {@code lr}, {@code plateau_best}, {@code plateau_bad},
 *     {@code best_val_loss}, {@code best_epoch}, {@code adam_step}, {@code train_seconds}, {@code fingerprint}
 *     (settings that must match on resume)
 * @param history epochs so far
 * @param current current parameters
 * @param best parameters of the best validation epoch
 * @param adamFirst Adam first moments
 * @param adamSecond Adam second moments
 */
record Checkpoint(Map<String, Object> header, List<EpochRecord> history, Map<String, float[]> current,
        Map<String, float[]> best, Map<String, double[]> adamFirst, Map<String, double[]> adamSecond) {

    private static final String MAGIC = "HBTRAIN1";
    private static final ObjectMapper JSON = new ObjectMapper();

    void write(Path file) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                out.write(MAGIC.getBytes(StandardCharsets.US_ASCII));
                Map<String, Object> h = new LinkedHashMap<>(header);
                h.put("history", history);
                byte[] json = JSON.writeValueAsBytes(h);
                out.writeInt(json.length);
                out.write(json);
                writeFloats(out, current);
                writeFloats(out, best);
                writeDoubles(out, adamFirst);
                writeDoubles(out, adamSecond);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
    }

    static Checkpoint read(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            byte[] magic = new byte[MAGIC.length()];
            in.readFully(magic);
            if (!MAGIC.equals(new String(magic, StandardCharsets.US_ASCII))) {
                throw new InvalidInputException("'" + file + "' is not a HeatBench training checkpoint");
            }
            byte[] json = new byte[in.readInt()];
            in.readFully(json);
            Map<String, Object> h = JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() { });
            List<EpochRecord> hist = JSON.convertValue(h.remove("history"), new TypeReference<List<EpochRecord>>() { });
            return new Checkpoint(h, new ArrayList<>(hist), readFloats(in), readFloats(in), readDoubles(in),
                    readDoubles(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file, e);
        }
    }

    private static void writeFloats(DataOutputStream out, Map<String, float[]> m) throws IOException {
        out.writeInt(m.size());
        for (Map.Entry<String, float[]> e : m.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue().length);
            for (float f : e.getValue()) {
                out.writeFloat(f);
            }
        }
    }

    private static void writeDoubles(DataOutputStream out, Map<String, double[]> m) throws IOException {
        out.writeInt(m.size());
        for (Map.Entry<String, double[]> e : m.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue().length);
            for (double f : e.getValue()) {
                out.writeDouble(f);
            }
        }
    }

    private static Map<String, float[]> readFloats(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<String, float[]> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String k = in.readUTF();
            float[] a = new float[in.readInt()];
            for (int j = 0; j < a.length; j++) {
                a[j] = in.readFloat();
            }
            m.put(k, a);
        }
        return m;
    }

    private static Map<String, double[]> readDoubles(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<String, double[]> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String k = in.readUTF();
            double[] a = new double[in.readInt()];
            for (int j = 0; j < a.length; j++) {
                a[j] = in.readDouble();
            }
            m.put(k, a);
        }
        return m;
    }
}
