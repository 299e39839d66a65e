package org.heatbench.methods.modified;

import org.heatbench.core.ConfigurationException;

/**
 * Grad-CAM arithmetic on one batch, matching Captum's {@code LayerGradCam} and PyTorch's {@code F.interpolate}.
 * Layouts are row-major: activations and gradients {@code [N, C, T]} (2-D layers flatten their spatial dimensions
 * into T), CAMs {@code [N, T]}.
 */
final class CamMath {
    private CamMath() {
    }

    /**
     * cam[n, t] = Σ_c w[n, c]·A[n, c, t] with w[n, c] = mean_t ∂f/∂A[n, c, t]; ReLU applied when {@code relu}.
     */
    static float[] cam(float[] act, float[] grad, int n, int c, int t, boolean relu) {
        float[] out = new float[n * t];
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                int base = (i * c + ch) * t;
                double w = 0;
                for (int k = 0; k < t; k++) {
                    w += grad[base + k];
                }
                w /= t;
                for (int k = 0; k < t; k++) {
                    out[i * t + k] += (float) (w * act[base + k]);
                }
            }
            if (relu) {
                for (int k = 0; k < t; k++) {
                    out[i * t + k] = Math.max(0f, out[i * t + k]);
                }
            }
        }
        return out;
    }

    /**
     * 1-D resampling of {@code [rows, in]} to {@code [rows, out]} as {@code F.interpolate(mode=nearest|linear,
     * align_corners=False)}: nearest takes source floor(j·in/out); linear samples at (j + 0.5)·in/out − 0.5,
     * clamped at 0, between neighbours clamped at in − 1.
     */
    static float[] upsample(float[] src, int rows, int in, int out, String mode) {
        float[] dst = new float[rows * out];
        double scale = (double) in / out;
        switch (mode) {
            case "nearest" -> {
                for (int j = 0; j < out; j++) {
                    int s = Math.min((int) Math.floor(j * (float) scale), in - 1);
                    for (int r = 0; r < rows; r++) {
                        dst[r * out + j] = src[r * in + s];
                    }
                }
            }
            case "linear" -> {
                for (int j = 0; j < out; j++) {
                    double pos = Math.max(0, (j + 0.5) * scale - 0.5);
                    int i0 = Math.min((int) Math.floor(pos), in - 1);
                    int i1 = Math.min(i0 + 1, in - 1);
                    double l1 = pos - i0;
                    double l0 = 1 - l1;
                    for (int r = 0; r < rows; r++) {
                        dst[r * out + j] = (float) (l0 * src[r * in + i0] + l1 * src[r * in + i1]);
                    }
                }
            }
            default -> throw new ConfigurationException("unknown interpolation '" + mode + "'; use nearest or linear");
        }
        return dst;
    }

    /** Repeats each record's {@code [samples]} map over {@code leads}: {@code [N, T]} → {@code [N, leads, T]}. */
    static float[] broadcastLeads(float[] map, int n, int leads, int t) {
        float[] out = new float[n * leads * t];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < leads; l++) {
                System.arraycopy(map, i * t, out, (i * leads + l) * t, t);
            }
        }
        return out;
    }
}
