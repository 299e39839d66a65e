package org.heatbench.datasets.signal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.heatbench.datasets.Lead;

/**
 * Test-only, minimal WFDB reader (PhysioNet header + format 16 or 212 signal file in one .dat, MIT annotation
 * format), after the WFDB Applications Guide's header(5), signal(5) and annot(5) pages. Not a product importer
 * (issue 13 writes that); enough for MIT-BIH 100 and LUDB record 1. Signal names are parsed as leads; MIT-BIH's
 * "MLII" (modified lead II) is read as II.
 */
final class WfdbTestReader {
    private WfdbTestReader() {
    }

    /** One annotation: sample and MIT code (1 = N, 24 = p, 27 = t, 39 = '(', 40 = ')', ...). */
    record Annotation(long sample, int code) {
    }

    static Recording read(Path header) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String l : Files.readAllLines(header, StandardCharsets.US_ASCII)) {
            if (!l.isBlank() && !l.startsWith("#")) {
                lines.add(l.trim());
            }
        }
        String[] rec = lines.get(0).split("\\s+");
        int nsig = Integer.parseInt(rec[1]);
        double fs = Double.parseDouble(rec[2].split("/")[0]);
        int n = Integer.parseInt(rec[3]);
        List<Lead> leads = new ArrayList<>();
        double[] gain = new double[nsig];
        double[] base = new double[nsig];
        int format = 0;
        String datName = null;
        for (int s = 0; s < nsig; s++) {
            String[] f = lines.get(1 + s).split("\\s+");
            datName = f[0];
            format = Integer.parseInt(f[1]);
            String g = f[2];
            boolean micro = g.toLowerCase(Locale.ROOT).endsWith("/uv");
            g = g.replaceAll("/.*$", "");
            int adcZero = Integer.parseInt(f[4]);
            if (g.contains("(")) {
                base[s] = Double.parseDouble(g.substring(g.indexOf('(') + 1, g.indexOf(')')));
                g = g.substring(0, g.indexOf('('));
            } else {
                base[s] = adcZero;
            }
            gain[s] = Double.parseDouble(g) / (micro ? 0.001 : 1);
            String name = f[f.length - 1];
            leads.add(Lead.parse(name.equalsIgnoreCase("MLII") ? "II" : name));
        }
        byte[] raw = Files.readAllBytes(header.resolveSibling(datName));
        float[] sig = new float[nsig * n];
        if (format == 16) {
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < nsig; s++) {
                    int p = 2 * (i * nsig + s);
                    int v = (short) ((raw[p] & 0xff) | (raw[p + 1] << 8));
                    sig[s * n + i] = (float) ((v - base[s]) / gain[s] * 1000);
                }
            }
        } else if (format == 212) {
            long idx = 0;
            for (int p = 0; p + 2 < raw.length && idx < (long) n * nsig; p += 3) {
                int b0 = raw[p] & 0xff;
                int b1 = raw[p + 1] & 0xff;
                int b2 = raw[p + 2] & 0xff;
                int v0 = b0 | ((b1 & 0x0f) << 8);
                int v1 = b2 | ((b1 & 0xf0) << 4);
                for (int v : new int[] {v0, v1}) {
                    if (idx < (long) n * nsig) {
                        int sv = v >= 2048 ? v - 4096 : v;
                        int s = (int) (idx % nsig);
                        int i = (int) (idx / nsig);
                        sig[s * n + i] = (float) ((sv - base[s]) / gain[s] * 1000);
                    }
                    idx++;
                }
            }
        } else {
            throw new IOException(header + ": format " + format + " not supported by the test reader");
        }
        return new Recording(header.getFileName().toString().replace(".hea", ""), leads, n, fs, sig);
    }

    /** Reads an annotation file in MIT format (SKIP, NUM, SUB, CHN and AUX pseudo-annotations are skipped over). */
    static List<Annotation> annotations(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        List<Annotation> out = new ArrayList<>();
        long t = 0;
        int p = 0;
        while (p + 1 < b.length) {
            int word = (b[p] & 0xff) | ((b[p + 1] & 0xff) << 8);
            p += 2;
            int code = word >> 10;
            int inc = word & 0x3ff;
            if (code == 0 && inc == 0) {
                break;
            }
            switch (code) {
                case 59 -> { // SKIP: 32-bit interval, high word first, each word little-endian
                    int hi = (b[p] & 0xff) | ((b[p + 1] & 0xff) << 8);
                    int lo = (b[p + 2] & 0xff) | ((b[p + 3] & 0xff) << 8);
                    t += (hi << 16) | lo;
                    p += 4;
                }
                case 60, 61, 62 -> {
                    // NUM, SUB, CHN: value in the low bits, no time change
                }
                case 63 -> p += inc + (inc & 1); // AUX string, padded to even length
                default -> {
                    t += inc;
                    out.add(new Annotation(t, code));
                }
            }
        }
        return out;
    }

    /** MIT codes that are beats (ecgcodes.h: NORMAL..UNKNOWN, BBB, LEARN, AESC, SVESC, PFUS, RONT). */
    static boolean isBeat(int code) {
        return (code >= 1 && code <= 13) || code == 25 || code == 30 || code == 34 || code == 35 || code == 38
                || code == 41;
    }
}
