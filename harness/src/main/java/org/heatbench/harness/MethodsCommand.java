package org.heatbench.harness;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.heatbench.core.registry.Descriptor;
import org.heatbench.core.registry.ParameterDescriptor;
import org.heatbench.core.registry.Registry;
import org.heatbench.datasets.importers.ImporterRegistry;
import org.heatbench.methods.MethodDescriptor;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.perturbation.PerturbationRegistries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code heatbench methods}: every registered attribution method, perturbation function, region scheme and importer
 * (built-ins and plugins) with its parameters, defaults and the paper it comes from.
 */
@Command(name = "methods", mixinStandardHelpOptions = true,
        description = "List the attribution methods, perturbation functions, region schemes and importers (built-in "
                + "and from plugins), their parameters and defaults.")
public final class MethodsCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    CommandSpec spec;

    private final MethodRegistry methods;
    private final PerturbationRegistries perturbations;
    private final ImporterRegistry importers;

    public MethodsCommand(MethodRegistry methods, PerturbationRegistries perturbations, ImporterRegistry importers) {
        this.methods = methods;
        this.perturbations = perturbations;
        this.importers = importers;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Attribution methods (use NAME or NAME:key=value,...):");
        for (MethodDescriptor d : methods.descriptors()) {
            describe(out, d);
            out.printf(Locale.ROOT, "    cost: %s forward passes per record (defaults)%n",
                    trim(methods.cost(methods.resolve(d.name()))));
            out.printf("    canonical: %s%n", methods.resolve(d.name()));
        }
        aliases(out, methods.aliases());
        section(out, "Perturbation functions (perturbation: NAME[:key=value,...])", perturbations.functions());
        section(out, "Region schemes (regions: NAME[:key=value,...])", perturbations.regions());
        section(out, "Importers (heatbench dataset import --format NAME[:key=value,...])", importers.registry());
        out.flush();
        return 0;
    }

    private static void section(PrintWriter out, String title, Registry<?> registry) {
        out.println();
        out.println(title + ":");
        for (Descriptor d : registry.descriptors()) {
            describe(out, d);
            boolean required = d.parameters().stream().anyMatch(p -> p.defaultValue() == null);
            if (!required) {
                out.printf("    canonical: %s%n", registry.resolve(d.name()));
            }
        }
        aliases(out, registry.aliases());
    }

    private static void describe(PrintWriter out, Descriptor d) {
        out.println();
        out.printf("  %s  [%s]%n    %s%n    reference: %s%n", d.name(), d.family(), d.summary(), d.reference());
        for (ParameterDescriptor p : d.parameters()) {
            String type = p.type() == ParameterDescriptor.Type.CHOICE ? String.join("|", p.choices())
                    : p.type().name().toLowerCase(Locale.ROOT);
            String dflt = p.defaultValue() == null ? "(required)" : "default " + (p.defaultValue().isEmpty() ? "''"
                    : p.defaultValue());
            out.printf("    %-20s %-10s %-22s %s%n", p.name(), type, dflt, p.description());
        }
    }

    private static void aliases(PrintWriter out, Map<String, String> aliases) {
        if (!aliases.isEmpty()) {
            out.println();
            out.println("  aliases: " + String.join(", ", aliases.entrySet().stream()
                    .map(e -> e.getKey() + " -> " + e.getValue()).toList()));
        }
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
