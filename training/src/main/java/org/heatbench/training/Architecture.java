package org.heatbench.training;

import java.util.Locale;
import org.heatbench.core.ConfigurationException;

/**
 * A StevenNet-family 1-D residual CNN for median beats (the reference study's model, Storås et al., JAMIA 2025;
 * {@code ../shared/docs/reference-study.md}).
 *
 * <p>Layout: an initial module {@code leads → initMid (k = initKernel1) → initOut (k = initKernel2)} without
 * residual, AvgPool(2) (600 → 300 samples), {@code blocks} residual modules
 * {@code initOut → blockMid (k = blockKernel) → initOut (k = blockKernel)}, global average pool,
 * Linear(initOut, outputs) — one output for a regressor, one logit per label for a multi-label classifier.
 * A module is Conv → BN → ReLU → Conv → BN → ReLU (→ + input when residual; no ReLU after the add); convolutions
 * have stride 1, bias, and PyTorch 'same' padding (even kernels pad {@code (k − 1) / 2} on the left, the rest on
 * the right).
 *
 * @param name architecture name ({@code stevennet}, {@code stevennet-compact})
 * @param leads input leads (8 or 12)
 * @param samples input samples per lead (600)
 * @param initMid channels after the first conv
 * @param initKernel1 kernel of the first conv
 * @param initOut channels of the residual stream
 * @param initKernel2 kernel of the second conv
 * @param blocks number of residual modules
 * @param blockMid channels inside a residual module
 * @param blockKernel kernel of both convs of a residual module
 * @param outputs values of the linear head per record (1 for a regressor)
 */
public record Architecture(String name, int leads, int samples, int initMid, int initKernel1, int initOut,
        int initKernel2, int blocks, int blockMid, int blockKernel, int outputs) {

    /** Batch-norm ε (PyTorch's default). */
    public static final double BN_EPSILON = 1e-5;

    public Architecture {
        if (leads <= 0 || samples < 2 || samples % 2 != 0 || initMid <= 0 || initOut <= 0 || blocks < 0
                || blockMid <= 0 || initKernel1 <= 0 || initKernel2 <= 0 || blockKernel <= 0 || outputs <= 0) {
            throw new ConfigurationException("invalid architecture " + name + ": sizes must be positive and the "
                    + "sample count even");
        }
    }

    /** A single-output (regression) network. */
    public Architecture(String name, int leads, int samples, int initMid, int initKernel1, int initOut,
            int initKernel2, int blocks, int blockMid, int blockKernel) {
        this(name, leads, samples, initMid, initKernel1, initOut, initKernel2, blocks, blockMid, blockKernel, 1);
    }

    /** The study's StevenNet exactly: 64/32 channels, init kernels 8 and 3, 8 residual modules with k = 50. */
    public static Architecture stevenNet(int leads) {
        return new Architecture("stevennet", leads, 600, 64, 8, 32, 3, 8, 64, 50);
    }

    /**
     * The compact default: 32/16 channels, init kernels 8 and 3, 5 residual modules 16 → 32 → 16 with k = 9
     * (≈ 32 MFLOP per 8 × 600 forward pass, ≈ 30× fewer than StevenNet).
     */
    public static Architecture compact(int leads) {
        return new Architecture("stevennet-compact", leads, 600, 32, 8, 16, 3, 5, 32, 9);
    }

    /** @return the named architecture ({@code stevennet} or {@code stevennet-compact}) for {@code leads} leads */
    public static Architecture named(String name, int leads) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "stevennet" -> stevenNet(leads);
            case "stevennet-compact", "compact" -> compact(leads);
            default -> throw new ConfigurationException("unknown architecture '" + name
                    + "'; known: stevennet, stevennet-compact");
        };
    }

    /** @return a copy with another lead count */
    public Architecture withLeads(int l) {
        return new Architecture(name, l, samples, initMid, initKernel1, initOut, initKernel2, blocks, blockMid,
                blockKernel, outputs);
    }

    /** @return a copy with another sample count (tests use short inputs) */
    public Architecture withSamples(int s) {
        return new Architecture(name, leads, s, initMid, initKernel1, initOut, initKernel2, blocks, blockMid,
                blockKernel, outputs);
    }

    /** @return a copy with another number of residual modules */
    public Architecture withBlocks(int b) {
        return new Architecture(name, leads, samples, initMid, initKernel1, initOut, initKernel2, b, blockMid,
                blockKernel, outputs);
    }

    /** @return a copy with another number of head outputs (one logit per label for a classifier) */
    public Architecture withOutputs(int o) {
        return new Architecture(name, leads, samples, initMid, initKernel1, initOut, initKernel2, blocks, blockMid,
                blockKernel, o);
    }

    /** @return trainable parameters (conv and linear weights and biases, BN scale and shift), as PyTorch counts */
    public long parameterCount() {
        long n = conv(leads, initMid, initKernel1) + 2L * initMid + conv(initMid, initOut, initKernel2) + 2L * initOut;
        n += blocks * (conv(initOut, blockMid, blockKernel) + 2L * blockMid + conv(blockMid, initOut, blockKernel)
                + 2L * initOut);
        return n + (long) (initOut + 1) * outputs;
    }

    /**
     * @return floating-point operations of one forward pass of one record: 2 × multiply-accumulates of the
     *     convolutions and the linear layer (BN, ReLU, pooling and adds, &lt; 1% here, are not counted)
     */
    public long forwardFlops() {
        long t = samples;
        long f = 2L * t * (leads * (long) initMid * initKernel1 + (long) initMid * initOut * initKernel2);
        f += 2L * (t / 2) * blocks * (2L * initOut * blockMid * blockKernel);
        return f + 2L * initOut * outputs;
    }

    private static long conv(long in, long out, long k) {
        return in * out * k + out;
    }

    /** @return PyTorch 'same' padding of a stride-1 conv: {left, right} */
    static long[] samePads(int k) {
        long left = (k - 1) / 2;
        return new long[] {left, k - 1 - left};
    }
}
