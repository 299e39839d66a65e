package org.heatbench.harness;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.heatbench.methods.MethodDescriptor;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.ParameterDescriptor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code heatbench methods}: every attribution method with its parameters and defaults. */
@Command(name = "methods", mixinStandardHelpOptions = true,
        description = "List the attribution methods, their parameters and defaults.")
public final class MethodsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private final MethodRegistry registry;

    public MethodsCommand(MethodRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Attribution methods (use NAME or NAME:key=value,...):");
        for (MethodDescriptor d : registry.descriptors()) {
            out.println();
            out.printf("  %s  [%s]%n    %s%n    reference: %s%n", d.name(), d.family(), d.summary(), d.reference());
            for (ParameterDescriptor p : d.parameters()) {
                String type = p.type() == ParameterDescriptor.Type.CHOICE ? String.join("|", p.choices())
                        : p.type().name().toLowerCase(java.util.Locale.ROOT);
                out.printf("    %-20s %-10s default %-14s %s%n", p.name(), type, p.defaultValue(), p.description());
            }
            out.printf("    canonical: %s%n", registry.resolve(d.name()));
        }
        if (!registry.aliases().isEmpty()) {
            out.println();
            out.println("Aliases:");
            for (Map.Entry<String, String> e : registry.aliases().entrySet()) {
                out.printf("  %s -> %s%n", e.getKey(), e.getValue());
            }
        }
        out.flush();
        return 0;
    }
}
