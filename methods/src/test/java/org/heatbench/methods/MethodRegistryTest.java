package org.heatbench.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.heatbench.core.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MethodRegistryTest {
    private final MethodRegistry registry = MethodRegistry.standard();

    @Test
    void defaultsAreFilledInDescriptorOrder() {
        assertEquals("integrated_gradients:steps=50,rule=gausslegendre,baseline=0,multiply_by_inputs=true",
                registry.resolve("integrated_gradients").toString());
    }

    @Test
    void valuesAreCanonicalised() {
        MethodSpec s = registry.resolve(" integrated_gradients : multiply_by_inputs=FALSE, steps=020, rule=Riemann_Trapezoid ");
        assertEquals("integrated_gradients:steps=20,rule=riemann_trapezoid,baseline=0,multiply_by_inputs=false", s.toString());
        assertEquals("smoothgrad:samples=25,stdev=0.1,stdev_mode=absolute,abs=true",
                registry.resolve("smoothgrad:stdev=1e-1,stdev_mode=absolute").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"saliency", "saliency:abs=false", "input_x_gradient", "integrated_gradients:steps=7",
        "smoothgrad:samples=3,stdev=0.5", "gradient_shap:samples=4,multiply_by_inputs=false", "random"})
    void canonicalFormRoundTrips(String text) {
        MethodSpec once = registry.resolve(text);
        MethodSpec twice = registry.resolve(once.toString());
        assertEquals(once, twice);
        assertEquals(once.toString(), twice.toString());
    }

    @Test
    void studyNamesAreAliases() {
        assertEquals("input_x_gradient", registry.resolve("inputxgradient").name());
        assertEquals("gradient_shap", registry.resolve("gradientshap:samples=50").name());
    }

    @Test
    void unknownMethodListsKnownOnes() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> registry.resolve("salency"));
        assertTrue(e.getMessage().contains("unknown attribution method 'salency'"), e.getMessage());
        assertTrue(e.getMessage().contains("saliency"), e.getMessage());
    }

    @Test
    void unknownParameterListsTheMethodsParameters() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> registry.resolve("integrated_gradients:n_steps=50"));
        assertTrue(e.getMessage().contains("no parameter 'n_steps'") && e.getMessage().contains("steps"), e.getMessage());
    }

    @Test
    void badValuesNameParameterAndExpectation() {
        assertTrue(assertThrows(ConfigurationException.class, () -> registry.resolve("integrated_gradients:steps=0"))
                .getMessage().contains("'steps' must be an integer >= 1"));
        assertTrue(assertThrows(ConfigurationException.class, () -> registry.resolve("integrated_gradients:rule=simpson"))
                .getMessage().contains("one of [gausslegendre"));
        assertTrue(assertThrows(ConfigurationException.class, () -> registry.resolve("saliency:abs=yes"))
                .getMessage().contains("true or false"));
        assertTrue(assertThrows(ConfigurationException.class, () -> registry.resolve("smoothgrad:stdev=abc"))
                .getMessage().contains("must be a number"));
        assertTrue(assertThrows(ConfigurationException.class, () -> registry.resolve("smoothgrad:stdev=-1"))
                .getMessage().contains(">= 0"));
    }

    @Test
    void syntaxErrorsAreClear() {
        assertTrue(assertThrows(ConfigurationException.class, () -> MethodSpec.parse("saliency:abs"))
                .getMessage().contains("key=value"));
        assertTrue(assertThrows(ConfigurationException.class, () -> MethodSpec.parse("saliency:abs=true,abs=false"))
                .getMessage().contains("given twice"));
        assertThrows(ConfigurationException.class, () -> MethodSpec.parse(" "));
        assertThrows(ConfigurationException.class, () -> MethodSpec.parse(":abs=true"));
    }

    @Test
    void registriesAreIndependentInstances() {
        MethodRegistry other = new MethodRegistry();
        assertTrue(other.descriptors().isEmpty());
        assertThrows(ConfigurationException.class, () -> other.resolve("saliency"));
        assertTrue(registry.descriptors().size() >= 6);
    }
}
