package org.heatbench.perturbation.eval;

import java.util.Locale;
import org.heatbench.core.ConfigurationException;

/**
 * How many perturbed inputs are materialised and sent to the model at once: at most {@code bytes} of float32 input
 * rows per model run (at least two rows). Memory held by HeatBench for perturbed inputs is one such block; ONNX
 * Runtime's activations grow with the same row count (for a CNN, channels / leads times the input per layer), so
 * lower the budget for wide models or small heaps.
 *
 * @param bytes the budget in bytes, ≥ 1
 */
public record BatchBudget(long bytes) {

    /** The default: 8 MiB of inputs per run (436 rows of 8 × 600 float32, 291 of 12 × 600). */
    public static final BatchBudget DEFAULT = new BatchBudget(8L << 20);

    public BatchBudget {
        if (bytes < 1) {
            throw new ConfigurationException("batch budget must be > 0 bytes, got " + bytes);
        }
    }

    /** A budget of exactly {@code rows} rows of {@code leads × samples} float32 values. */
    public static BatchBudget ofRows(int rows, int leads, int samples) {
        if (rows < 1) {
            throw new ConfigurationException("rows per run must be >= 1, got " + rows);
        }
        return new BatchBudget((long) rows * leads * samples * Float.BYTES);
    }

    /** @return rows per model run for records of {@code rowFloats} values: ⌊bytes / (4·rowFloats)⌋, at least 2 */
    public int rowsPerRun(int rowFloats) {
        long rows = bytes / ((long) rowFloats * Float.BYTES);
        return (int) Math.max(2, Math.min(rows, Integer.MAX_VALUE / Math.max(1, rowFloats)));
    }

    /**
     * The row count of each of the equal runs that score {@code totalRows} rows within the budget:
     * ⌈total / ⌈total / rowsPerRun⌉⌉ (one run size, so sessions reuse their buffers, and no nearly empty tail run).
     */
    public int runSize(long totalRows, int rowFloats) {
        int max = rowsPerRun(rowFloats);
        long runs = Math.max(1, (totalRows + max - 1) / max);
        return (int) Math.max(1, (totalRows + runs - 1) / runs);
    }

    /**
     * Parses a byte count with an optional unit: {@code 8MiB}, {@code 512KiB}, {@code 1GiB}, {@code 64MB},
     * {@code 1000000} (bytes); units are case-insensitive; KB/MB/GB are decimal, KiB/MiB/GiB binary.
     */
    public static BatchBudget parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        long mult = 1;
        String[][] units = {{"kib", "1024"}, {"mib", "1048576"}, {"gib", "1073741824"}, {"kb", "1000"},
            {"mb", "1000000"}, {"gb", "1000000000"}, {"k", "1024"}, {"m", "1048576"}, {"g", "1073741824"}, {"b", "1"}};
        for (String[] u : units) {
            if (t.endsWith(u[0])) {
                mult = Long.parseLong(u[1]);
                t = t.substring(0, t.length() - u[0].length());
                break;
            }
        }
        try {
            double v = Double.parseDouble(t);
            if (!(v > 0)) {
                throw new ConfigurationException("batch budget must be > 0, got '" + text + "'");
            }
            return new BatchBudget((long) Math.ceil(v * mult));
        } catch (NumberFormatException e) {
            throw new ConfigurationException("batch budget '" + text + "' is not a size (e.g. 8MiB, 512KiB, 1GiB)");
        }
    }

    @Override
    public String toString() {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + "MiB" : bytes + "B";
    }
}
