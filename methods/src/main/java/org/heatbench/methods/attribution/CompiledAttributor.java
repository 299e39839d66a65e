package org.heatbench.methods.attribution;

import java.util.List;
import java.util.Map;
import org.heatbench.methods.Attribution;
import org.heatbench.methods.AttributionTarget;
import org.heatbench.methods.Attributor;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.MethodSpec;
import org.heatbench.methods.backward.CompiledGradient;
import org.heatbench.methods.runtime.ExecutionOptions;

/**
 * Base of attributors over one compiled backward graph and its ONNX Runtime session, for method families defined
 * outside this package: input checks (shape, finite values, one seed per record), serialised calls, chunked runs
 * and closing. Subclasses implement {@link #compute}.
 */
public abstract class CompiledAttributor implements Attributor {
    private final MethodSpec spec;
    private final GradientEngine engine;

    protected CompiledAttributor(MethodSpec spec, CompiledGradient compiled, AttributionTarget target,
            ExecutionOptions options) {
        this(spec, new GradientEngine(compiled, target, options));
    }

    CompiledAttributor(MethodSpec spec, GradientEngine engine) {
        this.spec = spec;
        this.engine = engine;
    }

    /** @return the engine, for the gradient family's sampling methods in this package */
    GradientEngine engine() {
        return engine;
    }

    @Override
    public MethodSpec spec() {
        return spec;
    }

    @Override
    public String provider() {
        return engine.provider();
    }

    /** @return the compiled graph */
    protected CompiledGradient compiled() {
        return engine.compiled();
    }

    @Override
    public final synchronized Attribution attribute(FloatTensor inputs, long[] recordSeeds) {
        check(inputs);
        if (recordSeeds.length != inputs.batchSize()) {
            throw new IllegalArgumentException("need one seed per record: " + inputs.batchSize() + " records, "
                    + recordSeeds.length + " seeds");
        }
        return compute(inputs, recordSeeds);
    }

    /** Checks the item shape and that every value is finite, naming the record at fault. */
    protected void check(FloatTensor x) {
        engine.check(x, spec.name());
    }

    /** Computes a checked batch. */
    protected abstract Attribution compute(FloatTensor x, long[] seeds);

    /**
     * Runs rows {@code [n, item]} through the first pass, in chunks: {@code gradOut} gets its input gradient (or
     * relevance), {@code yOut} (if not null) the target output value per row.
     */
    protected void run(float[] rows, int n, float[] gradOut, float[] yOut) {
        engine.run(rows, n, gradOut, yOut);
    }

    /** Fetches {@link #outputs()} for one batch (not chunked). */
    protected Map<String, FloatTensor> runOutputs(FloatTensor x) {
        return engine.runOutputs(x, outputs());
    }

    /** @return the outputs {@link #runOutputs} fetches; the model output and the first pass's input gradient by default */
    protected List<String> outputs() {
        return engine.compiled().gradientOutputs();
    }

    /** @return the target value per record from fetched outputs */
    protected float[] predictions(Map<String, FloatTensor> out, int n) {
        return engine.targetValues(out.get(engine.compiled().outputName()), n);
    }

    @Override
    public void close() {
        engine.close();
    }
}
