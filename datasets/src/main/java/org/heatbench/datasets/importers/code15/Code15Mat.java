package org.heatbench.datasets.importers.code15;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Targets;
import org.heatbench.datasets.importers.InputFiles;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Matrix;

/**
 * One CODE-15% record as a MATLAB v5 {@code .mat} file (the ECG-FM layout of {@code ../shared/data/real/
 * code15_samples/org/}): variable {@code feats} 12 × N (leads I … V6, mV scale), {@code org_sample_rate} (Hz, 400
 * when absent); id = the exam id in the file name {@code code_15_<exam_id>.mat} (else the file stem). Read with the
 * mfl-core MAT-file library; a file over {@value #MAX_BYTES} bytes is refused before parsing.
 */
final class Code15Mat {
    /** Largest .mat file read (a 12-lead 10-s record is ~200 kB). */
    static final long MAX_BYTES = 64L << 20;
    private static final Pattern NAME = Pattern.compile("code_15_(\\d+)");

    private Code15Mat() {
    }

    static String id(Path file) {
        String stem = InputFiles.stem(file);
        Matcher m = NAME.matcher(stem);
        return m.matches() ? m.group(1) : stem;
    }

    /** @return the record (µV = value × {@code uvPerUnit}) and its rate */
    static EcgRecord read(Path file, double uvPerUnit, double[] rateOut) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new InvalidInputException("is larger than " + MAX_BYTES + " bytes");
            }
            try (Mat5File mat = Mat5.readFromFile(file.toFile())) {
                Matrix feats;
                try {
                    feats = mat.getMatrix("feats");
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException("has no matrix 'feats'");
                }
                if (feats.getNumDimensions() != 2 || feats.getNumRows() != 12) {
                    throw new InvalidInputException("'feats' is " + feats.getNumRows() + " x " + feats.getNumCols()
                            + ", expected 12 leads x samples");
                }
                double rate = 400;
                try {
                    rate = mat.getMatrix("org_sample_rate").getDouble(0);
                } catch (IllegalArgumentException e) {
                    // absent: CODE-15%'s 400 Hz
                }
                if (!(rate > 0)) {
                    throw new InvalidInputException("org_sample_rate " + rate + " is not positive");
                }
                int n = feats.getNumCols();
                float[] signal = new float[12 * n];
                for (int k = 0; k < 12; k++) {
                    for (int t = 0; t < n; t++) {
                        signal[k * n + t] = (float) (feats.getDouble(k, t) * uvPerUnit);
                    }
                }
                rateOut[0] = rate;
                return new EcgRecord(id(file), Lead.STANDARD_12, n, signal, Targets.MISSING, Fiducials.UNKNOWN);
            }
        } catch (IOException e) {
            throw new InvalidInputException("cannot be read as a MAT file: " + e.getMessage(), e);
        } catch (InvalidInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidInputException("is not a readable MAT v5 file: " + e.getMessage(), e);
        }
    }
}
