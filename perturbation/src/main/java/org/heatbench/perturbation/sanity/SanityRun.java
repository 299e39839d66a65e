package org.heatbench.perturbation.sanity;

import java.util.ArrayList;
import java.util.List;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.store.EcgBatch;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.methods.AttributionMethod;
import org.heatbench.methods.AttributionTarget;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.RecordSeeds;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.perturbation.StreamKey;
import org.heatbench.perturbation.run.PerturbationRunner;

/**
 * Sanity checks over records of a median-beat store: reads them in the model's lead layout
 * ({@link PerturbationRunner#leadsFor}), leaves out (and counts) records with non-finite values, seeds randomised
 * methods as a perturbation run does ({@code RecordSeeds.of(seed, StreamKey.idKey(id))}) and runs
 * {@link SanityChecker}.
 *
 * @param rows the sanity rows
 * @param records the record ids checked
 * @param skipped ids of records left out for non-finite input values
 * @param layers the model's parameter layers, input side first
 */
public record SanityRun(List<SanityRow> rows, List<String> records, List<String> skipped, List<String> layers) {

    /**
     * @param indices store indices of the records to check (at least 2 with finite values for input invariance)
     * @param outputIndex graph output explained
     * @param targetIndex value of each record's output explained
     * @param seed seeds the randomised weights and randomised methods
     */
    public static SanityRun of(OnnxModel model, EcgStore store, int[] indices, List<AttributionMethod> methods,
            int outputIndex, int targetIndex, long seed, ExecutionOptions exec, SanityChecker.Checks checks) {
        List<Lead> leads = PerturbationRunner.leadsFor(model, store);
        int samples = store.samples();
        EcgBatch b = store.read(indices, leads);
        int item = leads.size() * samples;
        float[] x = b.signals();
        List<String> ids = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        float[] kept = new float[x.length];
        List<Long> seeds = new ArrayList<>();
        for (int i = 0; i < b.size(); i++) {
            boolean finite = true;
            for (int j = i * item; j < (i + 1) * item && finite; j++) {
                finite = Float.isFinite(x[j]);
            }
            if (!finite) {
                skipped.add(b.id(i));
                continue;
            }
            System.arraycopy(x, i * item, kept, ids.size() * item, item);
            ids.add(b.id(i));
            seeds.add(RecordSeeds.of(seed, StreamKey.idKey(b.id(i))));
        }
        if (ids.isEmpty() || (checks.inputInvariance() && ids.size() < 2)) {
            throw new ConfigurationException("sanity checks need at least 2 records with finite values; "
                    + ids.size() + " of " + indices.length + " selected have them");
        }
        float[] in = java.util.Arrays.copyOf(kept, ids.size() * item);
        long[] s = seeds.stream().mapToLong(Long::longValue).toArray();
        AttributionTarget at = new AttributionTarget(outputIndex, targetIndex, new long[] {leads.size(), samples});
        List<SanityRow> rows = SanityChecker.create(model, at, exec, seed, checks)
                .run(methods, FloatTensor.of(in, ids.size(), leads.size(), samples), s);
        List<String> layerNames = checks.cascading() || checks.independent()
                ? ParameterLayers.of(model).layers().stream().map(ParameterLayers.Layer::name).toList() : List.of();
        return new SanityRun(rows, ids, skipped, layerNames);
    }
}
