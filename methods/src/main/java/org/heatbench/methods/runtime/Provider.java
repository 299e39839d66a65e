package org.heatbench.methods.runtime;

import java.util.Locale;
import org.heatbench.core.ConfigurationException;

/** The ONNX Runtime execution provider a session runs on. */
public enum Provider {
    /** The default CPU provider (MLAS kernels). */
    CPU,
    /** NVIDIA CUDA; needs the {@code onnxruntime_gpu} build (Maven profile {@code cuda}), CUDA 12 and cuDNN 9. */
    CUDA;

    /** Parses {@code cpu} or {@code cuda} (case-insensitive). */
    public static Provider parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("unknown execution provider '" + s + "'; use cpu or cuda");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
