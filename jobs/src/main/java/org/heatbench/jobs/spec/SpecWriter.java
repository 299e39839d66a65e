package org.heatbench.jobs.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.TreeMap;

/**
 * Writes a spec in the format {@link SpecReader} reads (JSON, every default explicit, methods canonical), so that
 * a run's {@code spec.json} is itself a runnable spec and reading it back gives an equal spec.
 */
public final class SpecWriter {
    private SpecWriter() {
    }

    /** @return the spec as a JSON tree */
    public static ObjectNode toTree(ExperimentSpec s) {
        ObjectMapper om = new ObjectMapper();
        ObjectNode root = om.createObjectNode();
        root.put("run_id", s.runId());
        root.put("output", s.output());
        root.put("seed", s.seed());
        ObjectNode ds = root.putObject("dataset");
        ds.put("path", s.dataset().path());
        ds.put("split", s.dataset().split());
        ds.put("limit", s.dataset().limit());
        ArrayNode ids = ds.putArray("ids");
        s.dataset().ids().forEach(ids::add);
        ObjectNode targets = root.putObject("targets");
        for (ExperimentSpec.TargetModel t : s.targets()) {
            ObjectNode o = targets.putObject(t.target());
            o.put("model", t.model());
            if (t.isClassification()) {
                ExperimentSpec.Classifier c = t.classifier();
                o.put("kind", "classification");
                o.put("output_index", t.targetIndex());
                if (!c.outputName().isEmpty()) {
                    o.put("output_name", c.outputName());
                }
                o.put("activation", c.activation());
                if (!c.label().isEmpty()) {
                    o.put("label", c.label());
                }
                o.put("curve", c.logitCurve() ? "logit" : "probability");
                o.put("threshold", c.threshold());
                if (!c.evidence().isEmpty()) {
                    o.put("evidence", c.evidence());
                }
            } else {
                o.put("output_index", t.outputIndex());
                o.put("target_index", t.targetIndex());
            }
            if (t.inputScale() != 1.0) {
                o.put("input_scale", t.inputScale());
            }
            if (t.withoutTruth()) {
                o.put("truth", false);
            }
        }
        ArrayNode methods = root.putArray("methods");
        s.methods().forEach(methods::add);
        ObjectNode p = root.putObject("perturbation");
        p.put("preset", s.perturbation().preset());
        new TreeMap<>(s.perturbation().overrides()).forEach(p::put);
        ObjectNode g = root.putObject("gallery");
        g.put("records", s.gallery().records());
        ArrayNode gids = g.putArray("ids");
        s.gallery().ids().forEach(gids::add);
        ObjectNode e = root.putObject("execution");
        ExperimentSpec.Execution x = s.execution();
        e.put("master", x.master());
        e.put("partitions", x.partitions());
        e.put("unit_records", x.unitRecords());
        e.put("ort_threads", x.ortThreads());
        e.put("provider", x.provider());
        e.put("batch_budget", x.batchBudget());
        e.put("max_rows", x.maxRows());
        e.put("max_task_failures", x.maxTaskFailures());
        root.put("max_skipped_share", s.maxSkippedShare());
        if (!s.faults().units().isEmpty()) {
            ObjectNode f = root.putObject("fault_injection");
            ArrayNode u = f.putArray("units");
            s.faults().units().stream().sorted().forEach(u::add);
            f.put("attempts", s.faults().attempts());
        }
        return root;
    }

    /** @return the spec as indented JSON text */
    public static String toJson(ExperimentSpec s) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toTree(s)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
