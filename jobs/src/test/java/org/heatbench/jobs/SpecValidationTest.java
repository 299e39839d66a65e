package org.heatbench.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.Target;
import org.heatbench.jobs.spec.ExperimentSpec;
import org.heatbench.jobs.spec.MethodPresets;
import org.heatbench.jobs.spec.SpecReader;
import org.heatbench.jobs.spec.SpecWriter;
import org.heatbench.methods.MethodRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad spec fails in seconds, before Spark starts, with a message naming the field. */
class SpecValidationTest {
    @TempDir
    static Path tmp;
    static Path store;
    static final MethodRegistry REGISTRY = MethodRegistry.standard();
    static final SpecReader READER = SpecReader.create(REGISTRY);

    @BeforeAll
    static void setUp() {
        store = JobFixtures.store(tmp.resolve("store"), 6, 2);
    }

    static String ok() {
        return JobFixtures.spec("v", tmp.resolve("runs"), store, "");
    }

    static ConfigurationException plan(String text) {
        long t0 = System.nanoTime();
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> RunPlan.create(READER.parse(text), REGISTRY, new HashMap<>()));
        assertTrue((System.nanoTime() - t0) / 1e9 < 30, "fails fast");
        return e;
    }

    @Test
    void aValidSpecRoundTripsThroughItsJson() {
        ExperimentSpec s = READER.parse(ok());
        assertEquals(List.of("saliency:abs=false", "random",
                "integrated_gradients:steps=4,rule=gausslegendre,baseline=0,multiply_by_inputs=false"), s.methods());
        assertEquals(16, s.execution().unitRecords(), "default");
        assertEquals("local[*]", s.execution().master(), "default");
        ExperimentSpec back = READER.parse(SpecWriter.toJson(s));
        assertEquals(s, back);
        RunPlan plan = RunPlan.create(s, REGISTRY, new HashMap<>());
        assertEquals(6, plan.indices().length);
        assertEquals(2, plan.units().size());
    }

    @Test
    void theStudyPresetIsTheTenMethodsOfTheStudy() {
        ExperimentSpec s = READER.parse(ok().replace("methods: [saliency:abs=false, random, "
                + "'integrated_gradients:steps=4,multiply_by_inputs=false']", "methods: study"));
        assertEquals(10, s.methods().size());
        assertTrue(s.methods().contains("deeplift:baseline=0,multiply_by_inputs=false"));
        assertTrue(s.methods().contains("guided_gradcam:layer=,interpolation=linear"));
        assertTrue(s.methods().contains("smoothgrad:samples=25,stdev=0.02,stdev_mode=relative,abs=true"));
        assertEquals(11, MethodPresets.get("study_lrp", "methods").size());
    }

    @Test
    void unknownMethodNamesTheListPosition() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> READER.parse(ok().replace("random,", "randomm,")));
        assertTrue(e.getMessage().startsWith("methods[1] 'randomm'"), e.getMessage());
    }

    @Test
    void unknownFieldsAndBadValuesNameTheField() {
        assertTrue(assertThrows(ConfigurationException.class, () -> READER.parse(ok() + "\nexecutor: {}"))
                .getMessage().startsWith("executor: unknown field"));
        assertTrue(assertThrows(ConfigurationException.class, () -> READER.parse(ok()
                + "\nexecution: {unit_records: 0}")).getMessage().startsWith("execution.unit_records must be >= 1"));
        assertTrue(assertThrows(ConfigurationException.class, () -> READER.parse(ok().replace("steps: 12",
                "stepz: 12"))).getMessage().startsWith("perturbation.stepz: unknown field"));
        assertTrue(assertThrows(ConfigurationException.class, () -> READER.parse(ok().replace("qt:", "qtc:")))
                .getMessage().startsWith("targets.qtc:"));
        assertTrue(assertThrows(ConfigurationException.class, () -> READER.parse(ok().replace("run_id: v",
                "run_id: ../x"))).getMessage().startsWith("run_id '../x'"));
    }

    @Test
    void aMissingModelNamesTheTarget() {
        ConfigurationException e = plan(ok().replace(JobFixtures.QRS.toString(), "models/nope.onnx"));
        assertTrue(e.getMessage().startsWith("targets.qrs: model file models/nope.onnx does not exist"),
                e.getMessage());
    }

    @Test
    void aMissingDatasetNamesTheField() {
        ConfigurationException e = plan(ok().replace("path: " + store, "path: " + tmp.resolve("nothing")));
        assertTrue(e.getMessage().startsWith("dataset.path:"), e.getMessage());
    }

    @Test
    void aTargetWithoutValuesInTheDatasetIsRefused() {
        Path without = JobFixtures.storeWithout(tmp.resolve("noqrs"), 4, Target.QRS);
        ConfigurationException e = plan(ok().replace("path: " + store, "path: " + without));
        assertTrue(e.getMessage().startsWith("targets.qrs: the dataset at " + without + " has no qrs values"),
                e.getMessage());
    }

    @Test
    void aModelWithAnotherLeadCountNamesTheTargetAndTheLeads() throws IOException {
        Path three = JobFixtures.meanModel(tmp.resolve("three.onnx"), 3);
        ConfigurationException e = plan(ok().replace(JobFixtures.QT.toString(), three.toString()));
        assertTrue(e.getMessage().startsWith("targets.qt: model '" + three + "' takes 3 leads"), e.getMessage());
    }

    @Test
    void anUnknownRecordIdIsNamed() {
        ConfigurationException e = plan(ok().replace("limit: 10}", "ids: [synth-00000001, nobody]}"));
        assertTrue(e.getMessage().startsWith("dataset.ids[1]: no record 'nobody'"), e.getMessage());
    }

    @Test
    void aSpecFileThatIsNotYamlNamesTheFile() throws IOException {
        Path f = Files.writeString(tmp.resolve("bad.yaml"), "run_id: [unclosed");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> READER.read(f));
        assertTrue(e.getMessage().startsWith("spec " + f + ": not valid YAML/JSON"), e.getMessage());
    }
}
