package org.heatbench.methods.attribution;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.heatbench.core.InvalidInputException;
import org.heatbench.methods.AttributionTarget;
import org.heatbench.methods.BackwardBase;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.backward.BackwardCompiler;
import org.heatbench.methods.backward.CompiledGradient;
import org.heatbench.methods.backward.GradientRequest;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.methods.runtime.GraphSession;

/**
 * A compiled gradient graph with its session, evaluating any number of input rows in chunks of at most
 * {@link ExecutionOptions#maxBatchRows()} rows. Package-private plumbing shared by the gradient-family methods.
 */
final class GradientEngine implements AutoCloseable {
    private final CompiledGradient compiled;
    private final GraphSession session;
    private final AttributionTarget target;
    private final long[] itemShape;
    private final int itemSize;
    private final int maxRows;
    private final int outPerItem;
    private final boolean relevance;

    GradientEngine(OnnxModel model, AttributionTarget target, ExecutionOptions options, BackwardCompiler compiler) {
        this(compiler.compile(model, target.itemShape(),
                new GradientRequest(target.outputIndex(), target.target(), List.of())), target, options);
    }

    GradientEngine(CompiledGradient compiled, AttributionTarget target, ExecutionOptions options) {
        this(compiled, target, options, false);
    }

    /**
     * The engine of a sampling method's backward pass: the plain gradient when {@code base} is null, else the base's
     * compiled pass.
     */
    static GradientEngine of(OnnxModel model, AttributionTarget target, ExecutionOptions options, BackwardBase base) {
        if (base == null) {
            return new GradientEngine(model, target, options, BackwardCompiler.gradient());
        }
        return new GradientEngine(base.compile(model, target), target, options,
                base.kind() == BackwardBase.Kind.RELEVANCE);
    }

    /**
     * @param relevance the pass propagates a unit seed ({@link BackwardBase.Kind#RELEVANCE}): each row's result is
     *     scaled by its own target value, as LRP's relevance starts at R = f(x)
     */
    private GradientEngine(CompiledGradient compiled, AttributionTarget target, ExecutionOptions options,
            boolean relevance) {
        this.relevance = relevance;
        this.target = target;
        this.itemShape = target.itemShape();
        this.compiled = compiled;
        this.session = GraphSession.create(compiled.model(), options);
        int n = 1;
        for (long d : itemShape) {
            n *= (int) d;
        }
        this.itemSize = n;
        this.maxRows = options.maxBatchRows();
        this.outPerItem = (int) compiled.analysis().info(compiled.outputName()).staticSize();
    }

    CompiledGradient compiled() {
        return compiled;
    }

    /** Runs one batch and returns the named outputs. */
    Map<String, FloatTensor> runOutputs(FloatTensor x, List<String> outputs) {
        return session.run(compiled.inputName(), x, outputs);
    }

    /** The target value per record from a fetched model output. */
    float[] targetValues(FloatTensor y, int n) {
        float[] out = new float[n];
        for (int r = 0; r < n; r++) {
            out[r] = y.data()[r * outPerItem + target.target()];
        }
        return out;
    }

    int itemSize() {
        return itemSize;
    }

    long[] itemShape() {
        return itemShape.clone();
    }

    String provider() {
        return session.provider().toString();
    }

    /** Checks shape and finiteness of a batch, naming the record at fault. */
    void check(FloatTensor x, String method) {
        if (!Arrays.equals(x.itemShape(), itemShape)) {
            throw new InvalidInputException(method + ": input items have shape " + Arrays.toString(x.itemShape())
                    + " but the method was compiled for " + Arrays.toString(itemShape));
        }
        x.requireFinite(method + " input");
    }

    /** Gradient and target output of {@code rows} (row-major {@code [n, item]}), run in chunks. */
    void run(float[] rows, int n, float[] gradOut, float[] yOut) {
        for (int start = 0; start < n; start += maxRows) {
            int m = Math.min(maxRows, n - start);
            float[] chunk = start == 0 && m == n && rows.length == n * itemSize ? rows
                    : Arrays.copyOfRange(rows, start * itemSize, (start + m) * itemSize);
            long[] shape = new long[itemShape.length + 1];
            shape[0] = m;
            System.arraycopy(itemShape, 0, shape, 1, itemShape.length);
            Map<String, FloatTensor> out = session.run(compiled.inputName(), new FloatTensor(chunk, shape),
                    compiled.gradientOutputs());
            float[] g = out.get(compiled.inputGradName()).data();
            float[] y = out.get(compiled.outputName()).data();
            if (relevance) {
                for (int r = 0; r < m; r++) {
                    float yr = y[r * outPerItem + target.target()];
                    for (int j = r * itemSize; j < (r + 1) * itemSize; j++) {
                        g[j] *= yr;
                    }
                }
            }
            System.arraycopy(g, 0, gradOut, start * itemSize, m * itemSize);
            if (yOut != null) {
                for (int r = 0; r < m; r++) {
                    yOut[start + r] = y[r * outPerItem + target.target()];
                }
            }
        }
    }

    /** Fills one expanded row: record {@code i}, sample {@code k}, into {@code dst[off .. off+item)}. */
    interface RowFiller {
        void fill(int record, int sample, float[] dst, int off);
    }

    /** Receives the gradient of one expanded row. */
    interface RowConsumer {
        void accept(int record, int sample, float[] grad, int off, float y);
    }

    /**
     * Evaluates {@code records × samples} rows built by {@code filler}, never materialising more than
     * {@code maxBatchRows} rows at once.
     */
    void runExpanded(int records, int samples, RowFiller filler, RowConsumer consumer) {
        long total = (long) records * samples;
        int chunkRows = (int) Math.min(maxRows, total);
        float[] rows = new float[chunkRows * itemSize];
        float[] grads = new float[chunkRows * itemSize];
        float[] ys = new float[chunkRows];
        long done = 0;
        while (done < total) {
            int m = (int) Math.min(chunkRows, total - done);
            for (int r = 0; r < m; r++) {
                long flat = done + r;
                filler.fill((int) (flat / samples), (int) (flat % samples), rows, r * itemSize);
            }
            float[] in = m == chunkRows ? rows : Arrays.copyOf(rows, m * itemSize);
            run(in, m, grads, ys);
            for (int r = 0; r < m; r++) {
                long flat = done + r;
                consumer.accept((int) (flat / samples), (int) (flat % samples), grads, r * itemSize, ys[r]);
            }
            done += m;
        }
    }

    @Override
    public void close() {
        session.close();
    }
}
