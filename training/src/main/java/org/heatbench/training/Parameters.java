package org.heatbench.training;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.heatbench.methods.FloatTensor;

/**
 * The named tensors of a network: trainable parameters and BatchNormalization running statistics (buffers), in
 * a fixed order given by the architecture. Values are float32, row-major, shapes as in the ONNX graph (Conv weight
 * [out, in, k], Gemm weight [1, in] with transB = 1).
 *
 * <p>Mutable (the trainer updates values in place); not thread-safe. {@link #copy()} gives an independent copy.
 */
public final class Parameters {
    /** What a tensor is, for initialisation and for the optimizer. */
    public enum Kind {
        /** Conv or linear weight: trainable, uniform ±1/√fan_in. */
        WEIGHT,
        /** Conv or linear bias: trainable, uniform ±1/√fan_in. */
        BIAS,
        /** BatchNormalization scale γ: trainable, 1. */
        BN_SCALE,
        /** BatchNormalization shift β: trainable, 0. */
        BN_SHIFT,
        /** BatchNormalization running mean: buffer, 0. */
        BN_MEAN,
        /** BatchNormalization running variance: buffer, 1. */
        BN_VAR;

        /** @return whether the optimizer updates it */
        public boolean trainable() {
            return this != BN_MEAN && this != BN_VAR;
        }
    }

    /**
     * One named tensor's description.
     *
     * @param name tensor name in the ONNX graphs
     * @param shape dimensions
     * @param kind role
     * @param fanIn inputs per output (weights and biases), for initialisation
     */
    public record Spec(String name, long[] shape, Kind kind, long fanIn) {
        public Spec {
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        /** @return number of values */
        public int size() {
            return Math.toIntExact(Arrays.stream(shape).reduce(1, (a, b) -> a * b));
        }
    }

    private final Map<String, Spec> specs;
    private final Map<String, float[]> values;

    private Parameters(Map<String, Spec> specs, Map<String, float[]> values) {
        this.specs = specs;
        this.values = values;
    }

    /**
     * PyTorch's default initialisation (weights and biases uniform in ±1/√fan_in, γ = 1, β = 0, running mean 0,
     * running variance 1), drawn from a XoShiRo256++ stream seeded with {@code seed}.
     */
    public static Parameters initialise(List<Spec> specs, long seed) {
        UniformRandomProvider rng = RandomSource.XO_SHI_RO_256_PP.create(seed);
        Map<String, Spec> s = new LinkedHashMap<>();
        Map<String, float[]> v = new LinkedHashMap<>();
        for (Spec sp : specs) {
            float[] a = new float[sp.size()];
            switch (sp.kind()) {
                case WEIGHT, BIAS -> {
                    double bound = 1.0 / Math.sqrt(sp.fanIn());
                    for (int i = 0; i < a.length; i++) {
                        a[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
                    }
                }
                case BN_SCALE, BN_VAR -> Arrays.fill(a, 1f);
                default -> {
                    // zeros
                }
            }
            s.put(sp.name(), sp);
            v.put(sp.name(), a);
        }
        return new Parameters(s, v);
    }

    /** @return all specs in order */
    public List<Spec> specs() {
        return List.copyOf(specs.values());
    }

    /** @return the names of the trainable tensors, in order */
    public List<String> trainableNames() {
        return specs.values().stream().filter(s -> s.kind().trainable()).map(Spec::name).toList();
    }

    /** @return the spec of a tensor */
    public Spec spec(String name) {
        Spec s = specs.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'");
        }
        return s;
    }

    /** @return the live values of a tensor (not a copy: writes change this set) */
    public float[] values(String name) {
        spec(name);
        return values.get(name);
    }

    /** Replaces a tensor's values (copied; the length must match). */
    public void set(String name, float[] v) {
        float[] dst = values(name);
        if (dst.length != v.length) {
            throw new IllegalArgumentException("parameter '" + name + "' has " + dst.length + " values, got " + v.length);
        }
        System.arraycopy(v, 0, dst, 0, v.length);
    }

    /** @return a tensor as a {@link FloatTensor} over the live values */
    public FloatTensor tensor(String name) {
        return FloatTensor.of(values(name), spec(name).shape());
    }

    /** @return every tensor (name → values), read-only view over the live arrays */
    public Map<String, float[]> all() {
        return Collections.unmodifiableMap(values);
    }

    /** @return number of trainable values */
    public long trainableCount() {
        return specs.values().stream().filter(s -> s.kind().trainable()).mapToLong(Spec::size).sum();
    }

    /** @return a deep copy */
    public Parameters copy() {
        Map<String, float[]> v = new LinkedHashMap<>();
        values.forEach((k, a) -> v.put(k, a.clone()));
        return new Parameters(new LinkedHashMap<>(specs), v);
    }

    /** Copies every value of {@code other} (same specs) into this set. */
    public void copyFrom(Parameters other) {
        for (String n : specs.keySet()) {
            set(n, other.values(n));
        }
    }
}
