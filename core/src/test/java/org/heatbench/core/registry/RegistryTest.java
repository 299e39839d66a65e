package org.heatbench.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.heatbench.core.ConfigurationException;
import org.junit.jupiter.api.Test;

/** The registry mechanism shared by every extension kind. */
class RegistryTest {
    private final Registry<TestEntries.Greeter> registry = Registry.discover("greeter", TestEntries.Greeter.class,
            RegistryTest.class.getClassLoader());

    private String greet(String text) {
        Spec s = registry.resolve(text);
        return registry.get(s.name()).greet(s);
    }

    @Test
    void discoveryFindsEveryListedProviderInOrder() {
        assertEquals(List.of("hello", "wave-hand"), registry.descriptors().stream().map(Descriptor::name).toList());
        assertEquals(Map.of("hi", "hello"), registry.aliases());
    }

    @Test
    void canonicalFormsFillDefaultsInOrderAndRoundTrip() {
        Spec s = registry.resolve(" HI : loud=TRUE , times=02 ");
        assertEquals("hello:times=2,loud=true", s.toString());
        assertEquals(s, registry.resolve(s.toString()));
        assertEquals("HELLOHELLO", greet(s.toString()));
        // a parameter omitted at its default appears once it differs, and round-trips
        Spec suffixed = registry.resolve("hello:suffix=!");
        assertEquals("hello:times=1,loud=false,suffix=!", suffixed.toString());
        assertEquals(suffixed, registry.resolve(suffixed.toString()));
        assertEquals("hello!", greet("hello:suffix=!"));
        assertEquals("hello:times=1,loud=false", registry.resolve("hello:suffix=").toString());
    }

    @Test
    void namesMatchIgnoringCaseAndDashes() {
        assertEquals("wave-hand:speed=2", registry.resolve("WAVE_HAND:speed=2.0").toString());
        assertEquals("wave-hand:speed=0.5", registry.resolve("wave-hand:0.5").toString(), "the only parameter");
    }

    @Test
    void rewritersTranslateForeignNames() {
        assertEquals("wave-hand:speed=3", registry.resolve("wave_at_3").toString());
    }

    @Test
    void errorsNameTheEntryParameterAndAccepted() {
        ConfigurationException unknown = assertThrows(ConfigurationException.class, () -> registry.resolve("helo"));
        assertTrue(unknown.getMessage().contains("unknown greeter 'helo'; known: hello, wave-hand (aliases: hi)"),
                unknown.getMessage());
        ConfigurationException key = assertThrows(ConfigurationException.class,
                () -> registry.resolve("hello:count=2"));
        assertTrue(key.getMessage().contains("greeter 'hello' has no parameter 'count'; its parameters: [times, loud, "
                + "suffix]"), key.getMessage());
        ConfigurationException value = assertThrows(ConfigurationException.class,
                () -> registry.resolve("hello:times=0"));
        assertTrue(value.getMessage().contains("greeter 'hello': parameter 'times' must be an integer >= 1, got '0'"),
                value.getMessage());
        ConfigurationException required = assertThrows(ConfigurationException.class,
                () -> registry.resolve("wave-hand"));
        assertTrue(required.getMessage().contains("needs parameter 'speed'"), required.getMessage());
        ConfigurationException positional = assertThrows(ConfigurationException.class,
                () -> registry.resolve("hello:3"));
        assertTrue(positional.getMessage().contains("needs a key"), positional.getMessage());
        assertThrows(ConfigurationException.class, () -> registry.resolve("hello:times=1,times=2"));
        assertThrows(ConfigurationException.class, () -> registry.resolve(":times=1"));
    }

    @Test
    void twoProvidersOfOneNameAreRefusedNamingBoth() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> Registry.discover("clash",
                TestEntries.Clashing.class, RegistryTest.class.getClassLoader()));
        assertTrue(e.getMessage().contains("registered twice") && e.getMessage().contains("LoudHello")
                && e.getMessage().contains("OtherHello"), e.getMessage());
    }

    @Test
    void registriesAreIndependentInstances() {
        Registry<TestEntries.Greeter> empty = new Registry<>("greeter");
        assertTrue(empty.descriptors().isEmpty());
        assertThrows(ConfigurationException.class, () -> empty.resolve("hello"));
        empty.register(new TestEntries.Hello());
        assertEquals(1, empty.descriptors().size());
        assertEquals(2, registry.descriptors().size());
    }
}
