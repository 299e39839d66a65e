package org.heatbench.datasets.importers.wfdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.heatbench.core.InvalidInputException;

/**
 * Reads the ADC samples of a WFDB record's signal files ({@code signal(5)}). Signals sharing a file are interleaved
 * frame by frame in header order. Supported formats: 16 (int16 little-endian), 61 (int16 big-endian), 160 (16-bit
 * offset binary), 80 (8-bit offset binary), 8 (8-bit first differences from the initial value), 212 (two 12-bit
 * samples in three bytes), 24 and 32 (little-endian two's complement); byte offsets ({@code +N}). Refused: other
 * formats, {@code xN} multi-frequency and skewed signals, a file name outside the header's folder. A sample equal to
 * the format's "invalid" value (−32768 for 16/61/160, −2048 for 212, −128 for 80, −2<sup>23</sup> for 24,
 * −2<sup>31</sup> for 32) is reported as {@link #INVALID}. Stateless and thread-safe.
 */
public final class WfdbSignalReader {
    /** Marker returned for WFDB's invalid-sample value. */
    public static final int INVALID = Integer.MIN_VALUE;

    private WfdbSignalReader() {
    }

    /**
     * @param folder the header's folder
     * @param wanted per signal, whether it is needed: a file none of whose signals is wanted is not read (PTB's
     *               Frank leads live in a separate {@code .xyz} file that copies often lack)
     * @return {@code [signal][sample]} ADC values, {@code samples} per signal (null for a signal in a file that was
     *         not read); when the header gives no sample count, as many as the files hold
     * @throws InvalidInputException for an unsafe or missing file, an unsupported format, or a file shorter than
     *                               the header says
     */
    public static int[][] read(Path folder, WfdbHeader header, boolean[] wanted) {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        List<WfdbSignal> signals = header.signals();
        for (int s = 0; s < signals.size(); s++) {
            WfdbSignal sig = signals.get(s);
            checkFileName(sig.fileName());
            if (sig.samplesPerFrame() != 1) {
                throw new InvalidInputException("signal " + (s + 1) + " (" + sig.description() + "): "
                        + sig.samplesPerFrame() + " samples per frame (multi-frequency records) are not supported");
            }
            if (sig.skew() != 0) {
                throw new InvalidInputException("signal " + (s + 1) + " (" + sig.description() + "): skew "
                        + sig.skew() + " is not supported");
            }
            groups.computeIfAbsent(sig.fileName(), k -> new ArrayList<>()).add(s);
        }
        int[][] out = new int[signals.size()][];
        for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
            List<Integer> members = g.getValue();
            if (members.stream().noneMatch(s -> wanted[s])) {
                continue;
            }
            WfdbSignal first = signals.get(members.get(0));
            for (int s : members) {
                if (signals.get(s).format() != first.format() || signals.get(s).byteOffset() != first.byteOffset()) {
                    throw new InvalidInputException("signals in " + g.getKey() + " have different formats or offsets "
                            + "(inconsistent header)");
                }
            }
            Path file = folder.resolve(g.getKey());
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new InvalidInputException("signal file " + file + " cannot be read: " + e.getMessage(), e);
            }
            int[][] values = decode(bytes, first, members, header.samples(), file, signals);
            for (int k = 0; k < members.size(); k++) {
                out[members.get(k)] = values[k];
            }
        }
        return out;
    }

    /** Refuses names that would leave the header's folder. */
    static void checkFileName(String name) {
        if (name.equals("~")) {
            throw new InvalidInputException("a signal has no data file ('~' in the header)");
        }
        if (name.contains("/") || name.contains("\\") || name.equals("..") || name.equals(".")
                || name.contains(":") || name.startsWith("~")) {
            throw new InvalidInputException("header names signal file '" + name + "' outside its folder; refused");
        }
    }

    /** Bits of storage per sample for a format, or -1 when unsupported. */
    static int bitsPerSample(int format) {
        return switch (format) {
            case 8, 80 -> 8;
            case 16, 61, 160 -> 16;
            case 212 -> 12;
            case 24 -> 24;
            case 32 -> 32;
            default -> -1;
        };
    }

    private static int[][] decode(byte[] b, WfdbSignal first, List<Integer> members, long headerSamples, Path file,
            List<WfdbSignal> signals) {
        int format = first.format();
        int bits = bitsPerSample(format);
        if (bits < 0) {
            throw new InvalidInputException("signal file " + file.getFileName() + ": format " + format
                    + " is not supported (supported: 8, 16, 24, 32, 61, 80, 160, 212)");
        }
        int g = members.size();
        long available = Math.max(0, b.length - first.byteOffset());
        long framesInFile = available * 8 / ((long) bits * g);
        long n = headerSamples >= 0 ? headerSamples : framesInFile;
        if (n > framesInFile) {
            long needed = first.byteOffset() + (n * g * bits + 7) / 8;
            throw new InvalidInputException("signal file " + file.getFileName() + " has " + b.length + " bytes, the "
                    + "header's " + n + " samples of " + g + " signals need " + needed + " (truncated)");
        }
        if (n > Integer.MAX_VALUE / Math.max(1, g)) {
            throw new InvalidInputException("signal file " + file.getFileName() + ": " + n + " samples are too many");
        }
        int frames = (int) n;
        int[][] v = new int[g][frames];
        int off = (int) first.byteOffset();
        switch (format) {
            case 16, 61, 160 -> {
                for (int t = 0, p = off; t < frames; t++) {
                    for (int k = 0; k < g; k++, p += 2) {
                        int x = format == 61 ? (short) ((b[p] << 8) | (b[p + 1] & 0xff))
                                : (short) ((b[p] & 0xff) | (b[p + 1] << 8));
                        if (format == 160) {
                            x = ((b[p] & 0xff) | ((b[p + 1] & 0xff) << 8)) - 32768;
                        }
                        v[k][t] = x == -32768 ? INVALID : x;
                    }
                }
            }
            case 80 -> {
                for (int t = 0, p = off; t < frames; t++) {
                    for (int k = 0; k < g; k++, p++) {
                        int x = (b[p] & 0xff) - 128;
                        v[k][t] = x == -128 ? INVALID : x;
                    }
                }
            }
            case 8 -> {
                int[] last = new int[g];
                for (int k = 0; k < g; k++) {
                    Integer init = signals.get(members.get(k)).initialValue();
                    last[k] = init == null ? 0 : init;
                }
                for (int t = 0, p = off; t < frames; t++) {
                    for (int k = 0; k < g; k++, p++) {
                        last[k] += b[p];
                        v[k][t] = last[k];
                    }
                }
            }
            case 24 -> {
                for (int t = 0, p = off; t < frames; t++) {
                    for (int k = 0; k < g; k++, p += 3) {
                        int x = ((b[p] & 0xff) | ((b[p + 1] & 0xff) << 8) | (b[p + 2] << 16));
                        v[k][t] = x == -(1 << 23) ? INVALID : x;
                    }
                }
            }
            case 32 -> {
                for (int t = 0, p = off; t < frames; t++) {
                    for (int k = 0; k < g; k++, p += 4) {
                        int x = (b[p] & 0xff) | ((b[p + 1] & 0xff) << 8) | ((b[p + 2] & 0xff) << 16) | (b[p + 3] << 24);
                        v[k][t] = x;
                    }
                }
            }
            case 212 -> {
                long total = (long) frames * g;
                for (long i = 0; i < total; i++) {
                    int p = off + (int) (i / 2 * 3);
                    int x = (i & 1) == 0 ? (b[p] & 0xff) | ((b[p + 1] & 0x0f) << 8)
                            : (b[p + 2] & 0xff) | ((b[p + 1] & 0xf0) << 4);
                    x = x >= 2048 ? x - 4096 : x;
                    v[(int) (i % g)][(int) (i / g)] = x == -2048 ? INVALID : x;
                }
            }
            default -> throw new IllegalStateException("format " + format);
        }
        return v;
    }

    /** @return the 16-bit WFDB checksum of {@code values} (sum modulo 2<sup>16</sup>, invalid samples as written) */
    public static int checksum(int[] values, int format) {
        int sum = 0;
        for (int x : values) {
            sum += x == INVALID ? invalidValue(format) : x;
        }
        return sum & 0xffff;
    }

    private static int invalidValue(int format) {
        return switch (format) {
            case 212 -> -2048;
            case 80 -> -128;
            case 24 -> -(1 << 23);
            case 32 -> Integer.MIN_VALUE;
            default -> -32768;
        };
    }
}
