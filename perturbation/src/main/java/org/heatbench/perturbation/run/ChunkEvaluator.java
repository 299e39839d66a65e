package org.heatbench.perturbation.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.store.EcgBatch;
import org.heatbench.datasets.truth.RelevanceMask;
import org.heatbench.methods.Attribution;
import org.heatbench.methods.AttributionMethod;
import org.heatbench.methods.AttributionTarget;
import org.heatbench.methods.Attributor;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.RecordSeeds;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.perturbation.StreamKey;
import org.heatbench.perturbation.eval.Classification;
import org.heatbench.perturbation.eval.ComponentShares;
import org.heatbench.perturbation.eval.OnnxScorer;
import org.heatbench.perturbation.eval.PerturbationEvaluator;
import org.heatbench.perturbation.eval.RecordEvaluation;
import org.heatbench.perturbation.eval.RecordInput;

/**
 * The per-record pipeline of a perturbation run for one model and target, with its compiled sessions: attribute a
 * batch of records with every method ({@link #attribute}), then evaluate their perturbation trajectories
 * ({@link #evaluate}). {@link PerturbationRunner} runs one per worker thread; the Spark jobs keep a pool of them per
 * executor JVM so that models are compiled once per executor, not per task.
 *
 * <p>Determinism: attributions are seeded by {@code RecordSeeds.of(seed, StreamKey.idKey(id))}, a batch of one
 * record is padded to two rows (ONNX Runtime's multi-threaded kernels round a one-row batch differently), and the
 * evaluator's streams are per record: results are independent of how records are grouped into batches.
 *
 * <p>Not thread-safe: one thread at a time. Owns native sessions: close it.
 */
public final class ChunkEvaluator implements AutoCloseable {
    private final RunSpec spec;
    private final List<Lead> leads;
    private final int samples;
    private final double samplingRateHz;
    private final List<String> names;
    private final List<Attributor> attributors = new ArrayList<>();
    private final OnnxScorer scorer;
    private final PerturbationEvaluator evaluator;

    private ChunkEvaluator(OnnxModel model, RunSpec spec, List<Lead> leads, int samples, double samplingRateHz,
            ExecutionOptions exec) {
        this.spec = spec;
        this.leads = List.copyOf(leads);
        this.samples = samples;
        this.samplingRateHz = samplingRateHz;
        this.names = spec.methodNames();
        OnnxScorer s = null;
        try {
            AttributionTarget at = new AttributionTarget(spec.outputIndex(), spec.targetIndex(),
                    new long[] {leads.size(), samples});
            for (AttributionMethod m : spec.methods()) {
                attributors.add(m.compile(model, at, exec));
            }
            s = OnnxScorer.create(model, exec, spec.outputIndex(), spec.targetIndex(), leads.size(), samples);
            if (spec.classification() != null
                    && spec.classification().activation() == Classification.Activation.SOFTMAX) {
                s.withSoftmax();
            }
            this.scorer = s;
            this.evaluator = PerturbationEvaluator.create(s, spec.config(), spec.budget(), spec.seed(), spec.key(),
                    names, spec.classification());
        } catch (RuntimeException | Error e) {
            attributors.forEach(Attributor::close);
            if (s != null) {
                s.close();
            }
            throw e;
        }
    }

    /**
     * Compiles every method of {@code spec} for {@code model} and creates the perturbation evaluator.
     *
     * @param leads the lead layout the model is fed ({@link PerturbationRunner#leadsFor})
     * @param exec ONNX Runtime settings of these sessions
     */
    public static ChunkEvaluator create(OnnxModel model, RunSpec spec, List<Lead> leads, int samples,
            double samplingRateHz, ExecutionOptions exec) {
        return new ChunkEvaluator(model, spec, leads, samples, samplingRateHz, exec);
    }

    /** @return the classification scoring of a class target; null for a regression target */
    public Classification classification() {
        return spec.classification();
    }

    /** @return the canonical method names, in order */
    public List<String> methodNames() {
        return names;
    }

    /** @return the execution provider actually used */
    public String provider() {
        return scorer.provider();
    }

    /** @return model rows evaluated for perturbation so far (attribution passes not included) */
    public long modelEvaluations() {
        return evaluator.modelEvaluations();
    }

    /**
     * Attributes a batch of records with every method. Records with non-finite input values are not attributed
     * (all-zero maps; the evaluator reports them) — never dropped.
     *
     * @param b records in the lead layout of this evaluator
     * @return one input per record, in batch order, with the record's truth and ground-truth mask
     */
    public List<RecordInput> attribute(EcgBatch b) {
        int n = b.size();
        int item = leads.size() * samples;
        float[] x = b.signals();
        List<Integer> good = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            boolean finite = true;
            for (int j = i * item; j < (i + 1) * item && finite; j++) {
                finite = Float.isFinite(x[j]);
            }
            if (finite) {
                good.add(i);
            }
        }
        List<Map<String, float[]>> attributions = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            attributions.add(new LinkedHashMap<>());
        }
        if (!good.isEmpty()) {
            int rows = Math.max(2, good.size());
            float[] xg = new float[rows * item];
            long[] seeds = new long[rows];
            for (int r = 0; r < rows; r++) {
                int i = good.get(Math.min(r, good.size() - 1));
                System.arraycopy(x, i * item, xg, r * item, item);
                seeds[r] = RecordSeeds.of(spec.seed(), StreamKey.idKey(b.id(i)));
            }
            FloatTensor in = FloatTensor.of(xg, rows, leads.size(), samples);
            for (int m = 0; m < attributors.size(); m++) {
                Attribution a = attributors.get(m).attribute(in, seeds);
                if (!Arrays.equals(a.values().shape(), in.shape())) {
                    throw new InvalidInputException("method '" + names.get(m) + "' returned attributions of shape "
                            + Arrays.toString(a.values().shape()) + " for inputs of shape "
                            + Arrays.toString(in.shape()) + " (attribution shape must equal input shape)");
                }
                float[] v = a.values().data();
                for (int g = 0; g < good.size(); g++) {
                    attributions.get(good.get(g)).put(names.get(m), Arrays.copyOfRange(v, g * item, (g + 1) * item));
                }
            }
        }
        float[] none = new float[item];
        List<RecordInput> inputs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, float[]> attr = attributions.get(i);
            if (attr.isEmpty()) {
                names.forEach(name -> attr.put(name, none));
            }
            float[] signal = Arrays.copyOfRange(x, i * item, (i + 1) * item);
            if (spec.classTarget() != null) {
                // a class's evidence: a regression target's mask or its synthetic label's own mask
                ClassTarget ct = spec.classTarget();
                inputs.add(new RecordInput(b.id(i), b.index(i), signal, ct.truthOf(b.index(i)),
                        ct.evidenceMask(b.fiducials(i), b.targets(i), leads, samples, samplingRateHz), attr));
                continue;
            }
            RelevanceMask mask = RelevanceMask.of(spec.target(), b.fiducials(i), b.targets(i), leads, samples,
                    samplingRateHz);
            inputs.add(new RecordInput(b.id(i), b.index(i), signal, b.targets(i).get(spec.target()),
                    mask.isDefined() ? mask.toArray() : null, attr));
        }
        return inputs;
    }

    /**
     * The model's clean predictions of a batch (the explained output value), for display; a batch of one record is
     * padded to two rows as for attributions.
     */
    public float[] predict(EcgBatch b) {
        int n = b.size();
        int item = leads.size() * samples;
        int rows = Math.max(2, n);
        float[] x = Arrays.copyOf(b.signals(), rows * item);
        for (int r = n; r < rows; r++) {
            System.arraycopy(x, 0, x, r * item, item);
        }
        return Arrays.copyOf(scorer.predict(x, rows), n);
    }

    /** Evaluates the perturbation trajectories of attributed records, in order. */
    public List<RecordEvaluation> evaluate(List<RecordInput> inputs) {
        return evaluator.evaluate(inputs);
    }

    /**
     * Attributes and evaluates a batch, with each record's component shares of every method's attribution.
     *
     * @return the evaluations and shares, in the batch's order
     */
    public EvaluatedChunk run(EcgBatch b) {
        List<RecordInput> inputs = attribute(b);
        List<Map<String, double[]>> shares = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            Map<String, double[]> s = new LinkedHashMap<>();
            for (String m : methodNames()) {
                s.put(m, ComponentShares.of(inputs.get(i).attributions().get(m), samples, b.fiducials(i),
                        samplingRateHz));
            }
            shares.add(s);
        }
        return new EvaluatedChunk(evaluate(inputs), shares);
    }

    @Override
    public void close() {
        attributors.forEach(Attributor::close);
        evaluator.close();
    }
}
