package org.heatbench.core.registry;

import java.util.List;

/** A provider interface and two providers, listed in the test resources' META-INF/services. */
public final class TestEntries {
    private TestEntries() {
    }

    /** A test kind: creates a greeting from its spec. */
    public interface Greeter extends Registered {
        String greet(Spec spec);
    }

    /** {@code hello:times=N,loud=B}, alias {@code hi}. */
    public static final class Hello implements Greeter {
        @Override
        public Descriptor descriptor() {
            return Descriptor.of("hello", List.of("hi"), "test", "says hello", "none",
                    List.of(ParameterDescriptor.ofInt("times", 1, 1, "repetitions"),
                            ParameterDescriptor.ofBoolean("loud", false, "upper case"),
                            ParameterDescriptor.ofString("suffix", "", "appended").omitWhenDefault()));
        }

        @Override
        public String greet(Spec spec) {
            String s = "hello".repeat(spec.getInt("times")) + spec.params().getOrDefault("suffix", "");
            return spec.getBoolean("loud") ? s.toUpperCase(java.util.Locale.ROOT) : s;
        }
    }

    /** {@code wave:hand=left|right} with a required {@code speed}. */
    public static final class Wave implements Greeter {
        @Override
        public Descriptor descriptor() {
            return Descriptor.of("wave-hand", List.of(), "test", "waves", "none",
                    List.of(ParameterDescriptor.ofDouble("speed", 1, 0.0, "waves per second").required()));
        }

        @Override
        public String greet(Spec spec) {
            return "wave " + spec.get("speed");
        }

        @Override
        public Spec rewrite(Spec spec) {
            return spec.name().startsWith("wave_at_") ? new Spec("wave-hand",
                    java.util.Map.of("speed", spec.name().substring(8))) : null;
        }
    }

    /** A second provider of the name "hello": discovery must refuse it. */
    public interface Clashing extends Registered {
    }

    /** Claims "HELLO" (names match case-insensitively). */
    public static final class LoudHello implements Clashing {
        @Override
        public Descriptor descriptor() {
            return Descriptor.of("HELLO", List.of(), "test", "clashes", "none", List.of());
        }
    }

    /** Also "hello". */
    public static final class OtherHello implements Clashing {
        @Override
        public Descriptor descriptor() {
            return Descriptor.of("hello", List.of(), "test", "clashes", "none", List.of());
        }
    }
}
