package org.heatbench.methods.attribution;

import org.heatbench.methods.Attribution;
import org.heatbench.methods.Attributor;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.MethodSpec;

/** Base of attributors backed by a {@link GradientEngine}: input checks, synchronisation and closing. */
abstract class EngineAttributor implements Attributor {
    final MethodSpec spec;
    final GradientEngine engine;

    EngineAttributor(MethodSpec spec, GradientEngine engine) {
        this.spec = spec;
        this.engine = engine;
    }

    @Override
    public MethodSpec spec() {
        return spec;
    }

    @Override
    public String provider() {
        return engine.provider();
    }

    @Override
    public final synchronized Attribution attribute(FloatTensor inputs, long[] recordSeeds) {
        engine.check(inputs, spec.name());
        if (recordSeeds.length != inputs.batchSize()) {
            throw new IllegalArgumentException("need one seed per record: " + inputs.batchSize() + " records, "
                    + recordSeeds.length + " seeds");
        }
        return compute(inputs, recordSeeds);
    }

    /** Computes the attribution of a checked batch. */
    abstract Attribution compute(FloatTensor x, long[] seeds);

    @Override
    public void close() {
        engine.close();
    }
}
