package org.heatbench.harness.plugin;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds, at test time, the example plugin of docs/EXTENDING.md: Java sources written here, compiled with the JDK's
 * compiler against HeatBench's classes, packed with their {@code META-INF/services} lines into a jar. It adds an
 * attribution method ({@code squared_gradient}), a perturbation function ({@code flatline}) and an importer
 * ({@code ws-beats}) — each its own class plus one registration line.
 */
final class ExamplePlugin {
    static final String METHOD = """
            package demo.heatbench;

            import java.util.List;
            import org.heatbench.core.registry.ParameterDescriptor;
            import org.heatbench.methods.Attribution;
            import org.heatbench.methods.AttributionMethod;
            import org.heatbench.methods.AttributionTarget;
            import org.heatbench.methods.Attributor;
            import org.heatbench.methods.FloatTensor;
            import org.heatbench.methods.MethodDescriptor;
            import org.heatbench.methods.MethodFactory;
            import org.heatbench.methods.MethodSpec;
            import org.heatbench.methods.attribution.CompiledAttributor;
            import org.heatbench.methods.backward.BackwardCompiler;
            import org.heatbench.methods.backward.CompiledGradient;
            import org.heatbench.methods.backward.GradientRequest;
            import org.heatbench.methods.onnx.OnnxModel;
            import org.heatbench.methods.runtime.ExecutionOptions;

            /** scale * gradient^2: one compiled gradient graph, squared. */
            public final class SquaredGradient implements MethodFactory {
                @Override
                public MethodDescriptor descriptor() {
                    return new MethodDescriptor("squared_gradient", "plugin", "scale * (df/dx)^2",
                            "docs/EXTENDING.md", List.of(ParameterDescriptor.ofDouble("scale", 1, 0.0, "factor")));
                }

                @Override
                public AttributionMethod create(MethodSpec spec) {
                    double scale = spec.getDouble("scale");
                    return new AttributionMethod() {
                        @Override
                        public MethodSpec spec() {
                            return spec;
                        }

                        @Override
                        public Attributor compile(OnnxModel model, AttributionTarget target, ExecutionOptions options) {
                            CompiledGradient g = BackwardCompiler.gradient().compile(model, target.itemShape(),
                                    new GradientRequest(target.outputIndex(), target.target(), List.of()));
                            return new CompiledAttributor(spec, g, target, options) {
                                @Override
                                protected Attribution compute(FloatTensor x, long[] seeds) {
                                    int n = x.batchSize();
                                    float[] a = new float[x.data().length];
                                    float[] y = new float[n];
                                    run(x.data(), n, a, y);
                                    for (int i = 0; i < a.length; i++) {
                                        a[i] = (float) (scale * a[i] * a[i]);
                                    }
                                    return new Attribution(FloatTensor.of(a, x.shape()), y, null);
                                }
                            };
                        }
                    };
                }
            }
            """;

    static final String PERTURBATION = """
            package demo.heatbench;

            import java.util.List;
            import org.heatbench.core.registry.Descriptor;
            import org.heatbench.core.registry.ParameterDescriptor;
            import org.heatbench.core.registry.Spec;
            import org.heatbench.perturbation.PerturbationFunction;
            import org.heatbench.perturbation.PerturbationFunctionFactory;
            import org.heatbench.perturbation.PerturbationState;
            import org.heatbench.perturbation.Region;

            /** Replaces a region by the clean lead's first (or last) sample: a flat line. */
            public final class Flatline implements PerturbationFunctionFactory {
                @Override
                public Descriptor descriptor() {
                    return Descriptor.of("flatline", List.of("flat"), "replacement",
                            "replace by the clean lead's first or last sample", "docs/EXTENDING.md",
                            List.of(ParameterDescriptor.ofChoice("level", "first", List.of("first", "last"),
                                    "which clean sample the line takes")));
                }

                @Override
                public PerturbationFunction create(Spec spec) {
                    boolean last = spec.get("level").equals("last");
                    return new PerturbationFunction() {
                        @Override
                        public String canonical() {
                            return spec.toString();
                        }

                        @Override
                        public void apply(PerturbationState s, Region r) {
                            float[] x = s.current();
                            int n = s.samples();
                            for (int l = r.firstLead(); l < r.endLead(); l++) {
                                float v = s.original()[l * n + (last ? n - 1 : 0)];
                                for (int t = r.start(); t < r.end(); t++) {
                                    x[l * n + t] = v;
                                }
                            }
                        }
                    };
                }
            }
            """;

    static final String IMPORTER = """
            package demo.heatbench;

            import java.io.IOException;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.util.List;
            import java.util.function.Consumer;
            import java.util.stream.Stream;
            import org.heatbench.core.ConfigurationException;
            import org.heatbench.core.registry.Descriptor;
            import org.heatbench.core.registry.ParameterDescriptor;
            import org.heatbench.core.registry.Spec;
            import org.heatbench.datasets.Fiducials;
            import org.heatbench.datasets.Lead;
            import org.heatbench.datasets.Targets;
            import org.heatbench.datasets.importers.ImporterFactory;
            import org.heatbench.datasets.importers.RecordSource;
            import org.heatbench.datasets.importers.SourceItem;
            import org.heatbench.datasets.importers.SourceRecord;

            /** Folder of *.beat files: one line per sample, 12 whitespace-separated values (µV, I..V6). */
            public final class WhitespaceBeats implements ImporterFactory {
                @Override
                public Descriptor descriptor() {
                    return Descriptor.of("ws-beats", List.of(), "median beats",
                            "*.beat text files: samples x 12 leads, whitespace-separated, µV", "docs/EXTENDING.md",
                            List.of(ParameterDescriptor.ofDouble("rate", 500, 1.0, "sampling rate in Hz")));
                }

                @Override
                public RecordSource open(Path input, Spec spec) {
                    if (!Files.isDirectory(input)) {
                        throw new ConfigurationException("ws-beats: " + input + " is not a folder");
                    }
                    double rate = spec.getDouble("rate");
                    return new RecordSource() {
                        @Override
                        public String description() {
                            return "ws-beats " + input;
                        }

                        @Override
                        public void forEach(Consumer<SourceItem> sink) {
                            List<Path> files;
                            try (Stream<Path> s = Files.list(input)) {
                                files = s.filter(p -> p.toString().endsWith(".beat")).sorted().toList();
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                            for (Path f : files) {
                                String id = f.getFileName().toString().replace(".beat", "");
                                try {
                                    List<String> lines = Files.readAllLines(f).stream().filter(l -> !l.isBlank()).toList();
                                    int n = lines.size();
                                    float[] signal = new float[12 * n];
                                    for (int t = 0; t < n; t++) {
                                        String[] v = lines.get(t).trim().split("\\\\s+");
                                        if (v.length != 12) {
                                            throw new NumberFormatException("line " + (t + 1) + " has " + v.length
                                                    + " values, not 12");
                                        }
                                        for (int l = 0; l < 12; l++) {
                                            signal[l * n + t] = Float.parseFloat(v[l]);
                                        }
                                    }
                                    sink.accept(new SourceItem.Accepted(SourceRecord.of(f.toString(), id,
                                            Lead.STANDARD_12, n, signal, rate, Targets.MISSING, Fiducials.UNKNOWN)));
                                } catch (IOException | NumberFormatException e) {
                                    sink.accept(new SourceItem.Rejected(f.toString(), id, e.getMessage()));
                                }
                            }
                        }
                    };
                }
            }
            """;

    /** The registration lines: service interface → implementation. */
    static final Map<String, String> SERVICES = Map.of(
            "org.heatbench.methods.MethodFactory", "demo.heatbench.SquaredGradient",
            "org.heatbench.perturbation.PerturbationFunctionFactory", "demo.heatbench.Flatline",
            "org.heatbench.datasets.importers.ImporterFactory", "demo.heatbench.WhitespaceBeats");

    private ExamplePlugin() {
    }

    /** Compiles the plugin and writes {@code dir/example-plugin.jar}. */
    static Path build(Path dir) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/demo/heatbench"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, String> e : Map.of("SquaredGradient", METHOD, "Flatline", PERTURBATION,
                "WhitespaceBeats", IMPORTER).entrySet()) {
            files.add(Files.writeString(src.resolve(e.getKey() + ".java"), e.getValue()).toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no system Java compiler: run the tests on a JDK");
        }
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", classPath(), "--release", "17"));
        args.addAll(files);
        int rc = javac.run(null, null, null, args.toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException("the example plugin does not compile (javac exit " + rc + ")");
        }
        Path jar = dir.resolve("example-plugin.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> walk = Files.walk(classes)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
            for (Map.Entry<String, String> e : SERVICES.entrySet()) {
                out.putNextEntry(new JarEntry("META-INF/services/" + e.getKey()));
                write(out, e.getValue() + "\n");
                out.closeEntry();
            }
        }
        return jar;
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
    }

    /** HeatBench's classes as this JVM loaded them (surefire's class path may be a manifest-only jar). */
    private static String classPath() {
        Set<String> cp = new LinkedHashSet<>(List.of(System.getProperty("java.class.path").split(
                java.io.File.pathSeparator)));
        for (Class<?> c : List.of(org.heatbench.core.registry.Spec.class, org.heatbench.methods.MethodFactory.class,
                org.heatbench.perturbation.PerturbationFunctionFactory.class,
                org.heatbench.datasets.importers.ImporterFactory.class, org.slf4j.Logger.class)) {
            try {
                cp.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException e) {
                throw new UncheckedIOException(new IOException(e));
            }
        }
        return String.join(java.io.File.pathSeparator, cp);
    }
}
