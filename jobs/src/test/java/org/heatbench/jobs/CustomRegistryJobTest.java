package org.heatbench.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.heatbench.jobs.spec.ExperimentSpec;
import org.heatbench.jobs.spec.SpecReader;
import org.heatbench.methods.MethodDescriptor;
import org.heatbench.methods.MethodFactory;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.attribution.SinglePassMethod;
import org.heatbench.methods.backward.BackwardCompiler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A method registered in code only (not discoverable) runs under the Spark job in local mode: the tasks use the
 * registry passed to the job, not a standard one, and so does the resume check of a second run.
 */
class CustomRegistryJobTest {
    @TempDir
    static Path tmp;
    static Path store;
    static SparkSession spark;
    /** signed_gradient is saliency:abs=false under another name: their rows must agree number for number. */
    static final MethodRegistry REGISTRY = MethodRegistry.standard().register(MethodFactory.of(
            new MethodDescriptor("signed_gradient", "custom", "the signed gradient, registered in code", "test",
                    List.of()),
            s -> new SinglePassMethod(s, BackwardCompiler.gradient(), SinglePassMethod.Output.GRADIENT)));
    static final HeatBenchJob.Listener QUIET = new HeatBenchJob.Listener() {
    };

    @BeforeAll
    static void setUp() {
        store = JobFixtures.store(tmp.resolve("store"), 8, 3);
        spark = HeatBenchJob.createSession(spec().withExecution(new ExperimentSpec.Execution("local[2]", 0, 3, 1,
                "cpu", "8MiB", 128, 4)));
    }

    @AfterAll
    static void tearDown() {
        if (spark != null) {
            spark.stop();
        }
        ExecutorResources.closeAll();
    }

    static ExperimentSpec spec() {
        return SpecReader.create(REGISTRY).parse(String.join("\n",
                "run_id: custom",
                "output: " + tmp.resolve("runs"),
                "seed: 7",
                "dataset: {path: " + store + ", split: all, limit: 6}",
                "targets: {qt: " + JobFixtures.QT + "}",
                "methods: [signed_gradient, 'saliency:abs=false']",
                "perturbation: {preset: standard, steps: 8}",
                "gallery: {records: 1}",
                "execution: {master: 'local[2]', unit_records: 2}"));
    }

    @Test
    void aMethodRegisteredInCodeRunsInTasksAndResumes() throws Exception {
        HeatBenchJob.Outcome first = HeatBenchJob.run(spec(), REGISTRY, QUIET, spark, false);
        assertEquals("complete", first.state());
        assertEquals(3, first.unitsRun());
        // perturbation noise is drawn per method name, so compare what depends on the attribution alone: the
        // localization scores and the component shares of each record
        Map<String, String> custom = new TreeMap<>();
        Map<String, String> saliency = new TreeMap<>();
        for (Row r : spark.read().parquet(first.layout().records().toString()).collectAsList()) {
            StringBuilder attributionOnly = new StringBuilder(r.<String>getAs("status"));
            for (String c : r.schema().fieldNames()) {
                if (c.startsWith("share_") || c.equals("mass_accuracy") || c.equals("rank_accuracy")) {
                    attributionOnly.append(',').append(c).append('=').append(r.<Object>getAs(c));
                }
            }
            String method = r.getAs("method");
            if (method.equals("signed_gradient")) {
                custom.put(r.getAs("record_id"), attributionOnly.toString());
            } else if (method.equals("saliency:abs=false")) {
                saliency.put(r.getAs("record_id"), attributionOnly.toString());
            }
        }
        assertEquals(6, custom.size());
        assertTrue(custom.values().iterator().next().startsWith("ok,") && custom.values().iterator().next()
                .contains("share_"), custom.toString());
        assertEquals(saliency, custom, "the custom method computed in the tasks");

        HeatBenchJob.Outcome again = HeatBenchJob.run(spec(), REGISTRY, QUIET, spark, false);
        assertEquals("complete", again.state(), "the resume check reads the spec with the job's registry");
        assertEquals(0, again.unitsRun());
        assertTrue(Files.exists(again.layout().summary().resolve("summary.csv")));
    }
}
