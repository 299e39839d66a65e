package org.heatbench.training;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An independent float64 implementation of the StevenNet family's forward pass, written from the reference
 * study's description (not from the ONNX graph): training mode (batch statistics over records and time, biased
 * variance, Ioffe &amp; Szegedy 2015) or eval mode (running statistics). Tests use it to check the ONNX graphs' values
 * and, through finite differences, their compiled gradients.
 */
final class ReferenceNet {
    final Architecture arch;
    final Map<String, double[]> p = new LinkedHashMap<>();
    final Map<String, double[]> batchMean = new LinkedHashMap<>();
    final Map<String, double[]> batchVar = new LinkedHashMap<>();
    final boolean training;
    final double inputScale;

    ReferenceNet(Architecture arch, Parameters params, boolean training, double inputScale) {
        this.arch = arch;
        this.training = training;
        this.inputScale = inputScale;
        params.all().forEach((k, v) -> {
            double[] d = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                d[i] = v[i];
            }
            p.put(k, d);
        });
    }

    /** @return predictions z[n] for signals [n, leads, samples] µV (a single-output network) */
    double[] forward(double[] signals, int n) {
        double[][] rows = forwardRows(signals, n);
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = rows[i][0];
        }
        return z;
    }

    /** @return outputs z[n][outputs] for signals [n, leads, samples] µV */
    double[][] forwardRows(double[] signals, int n) {
        int t = arch.samples();
        double[][][] x = new double[n][arch.leads()][t];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < arch.leads(); c++) {
                for (int s = 0; s < t; s++) {
                    x[i][c][s] = signals[(i * arch.leads() + c) * t + s] * inputScale;
                }
            }
        }
        double[][][] h = module(x, "init", arch.initKernel1(), arch.initKernel2(), false);
        double[][][] pooled = new double[n][h[0].length][t / 2];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < h[0].length; c++) {
                for (int s = 0; s < t / 2; s++) {
                    pooled[i][c][s] = (h[i][c][2 * s] + h[i][c][2 * s + 1]) / 2;
                }
            }
        }
        h = pooled;
        for (int b = 0; b < arch.blocks(); b++) {
            h = module(h, "block" + b, arch.blockKernel(), arch.blockKernel(), true);
        }
        double[][] z = new double[n][arch.outputs()];
        double[] w = p.get("fc.weight");
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < arch.outputs(); o++) {
                double s = p.get("fc.bias")[o];
                for (int c = 0; c < h[0].length; c++) {
                    double m = 0;
                    for (double v : h[i][c]) {
                        m += v;
                    }
                    s += w[o * h[0].length + c] * m / h[i][c].length;
                }
                z[i][o] = s;
            }
        }
        return z;
    }

    /**
     * Mean binary cross-entropy of {@link #forwardRows} against 0/1 labels [n, outputs], in the textbook form
     * −[y ln σ(z) + (1 − y) ln(1 − σ(z))] (not the stable form the graph uses: an independent check).
     */
    double bceLoss(double[] signals, double[] labels, int n) {
        double[][] z = forwardRows(signals, n);
        double s = 0;
        int k = arch.outputs();
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < k; o++) {
                double q = 1 / (1 + Math.exp(-z[i][o]));
                double y = labels[i * k + o];
                s -= y * Math.log(q) + (1 - y) * Math.log(1 - q);
            }
        }
        return s / (n * k);
    }

    /** Mean squared error of {@link #forward} against normalised targets. */
    double loss(double[] signals, double[] targets, int n) {
        double[] z = forward(signals, n);
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (z[i] - targets[i]) * (z[i] - targets[i]);
        }
        return s / n;
    }

    private double[][][] module(double[][][] x, String name, int k1, int k2, boolean residual) {
        double[][][] h = relu(bn(conv(x, name + ".conv1", k1), name + ".bn1"));
        h = relu(bn(conv(h, name + ".conv2", k2), name + ".bn2"));
        if (residual) {
            for (int i = 0; i < h.length; i++) {
                for (int c = 0; c < h[0].length; c++) {
                    for (int s = 0; s < h[0][0].length; s++) {
                        h[i][c][s] += x[i][c][s];
                    }
                }
            }
        }
        return h;
    }

    /** Stride-1 conv with PyTorch 'same' padding: (k − 1) / 2 zeros on the left, the rest on the right. */
    private double[][][] conv(double[][][] x, String name, int k) {
        double[] w = p.get(name + ".weight");
        double[] b = p.get(name + ".bias");
        int cin = x[0].length;
        int cout = b.length;
        int t = x[0][0].length;
        int left = (k - 1) / 2;
        double[][][] y = new double[x.length][cout][t];
        for (int i = 0; i < x.length; i++) {
            for (int o = 0; o < cout; o++) {
                for (int s = 0; s < t; s++) {
                    double acc = b[o];
                    for (int c = 0; c < cin; c++) {
                        for (int j = 0; j < k; j++) {
                            int src = s + j - left;
                            if (src >= 0 && src < t) {
                                acc += w[(o * cin + c) * k + j] * x[i][c][src];
                            }
                        }
                    }
                    y[i][o][s] = acc;
                }
            }
        }
        return y;
    }

    private double[][][] bn(double[][][] x, String name) {
        int cs = x[0].length;
        int t = x[0][0].length;
        double[] gamma = p.get(name + ".scale");
        double[] beta = p.get(name + ".shift");
        double[] mean = new double[cs];
        double[] var = new double[cs];
        for (int c = 0; c < cs; c++) {
            if (training) {
                double s = 0;
                for (double[][] r : x) {
                    for (double v : r[c]) {
                        s += v;
                    }
                }
                mean[c] = s / (x.length * t);
                double q = 0;
                for (double[][] r : x) {
                    for (double v : r[c]) {
                        q += (v - mean[c]) * (v - mean[c]);
                    }
                }
                var[c] = q / (x.length * t);
            } else {
                mean[c] = p.get(name + ".mean")[c];
                var[c] = p.get(name + ".var")[c];
            }
        }
        batchMean.put(name, mean);
        batchVar.put(name, var);
        double[][][] y = new double[x.length][cs][t];
        for (int i = 0; i < x.length; i++) {
            for (int c = 0; c < cs; c++) {
                double inv = 1 / Math.sqrt(var[c] + Architecture.BN_EPSILON);
                for (int s = 0; s < t; s++) {
                    y[i][c][s] = (x[i][c][s] - mean[c]) * inv * gamma[c] + beta[c];
                }
            }
        }
        return y;
    }

    private static double[][][] relu(double[][][] x) {
        for (double[][] a : x) {
            for (double[] b : a) {
                for (int s = 0; s < b.length; s++) {
                    b[s] = Math.max(0, b[s]);
                }
            }
        }
        return x;
    }
}
