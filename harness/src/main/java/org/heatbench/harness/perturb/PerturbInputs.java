package org.heatbench.harness.perturb;

import java.util.ArrayList;
import java.util.List;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.jobs.spec.SpecReader;
import org.heatbench.methods.AttributionMethod;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.perturbation.run.RecordSelection;

/**
 * The checks of {@code heatbench perturb}'s inputs that run before any work: the {@code --method} list (its syntax,
 * the bound {@link SpecReader#MAX_METHODS} that {@code heatbench run} applies too, every method known to the
 * registry) and the records of {@code --split} and {@code --records}. Each failure is one
 * {@link ConfigurationException} naming the option. Stateless.
 */
final class PerturbInputs {
    private PerturbInputs() {
    }

    /**
     * Splits {@code NAME[:k=v,...][,NAME...]}: a comma-separated part that looks like {@code key=value} (an '=' before
     * any ':') continues the previous method's parameters; anything else starts a new method.
     *
     * @throws ConfigurationException when a text starts with a parameter, or no method is named
     */
    static List<String> splitMethods(List<String> texts) {
        List<String> out = new ArrayList<>();
        for (String text : texts) {
            for (String part : text.split(",")) {
                String p = part.trim();
                if (p.isEmpty()) {
                    continue;
                }
                int eq = p.indexOf('=');
                int colon = p.indexOf(':');
                boolean continuation = eq > 0 && (colon < 0 || eq < colon);
                if (continuation) {
                    if (out.isEmpty()) {
                        throw new ConfigurationException("--method '" + text + "' starts with a parameter '" + p
                                + "' instead of a method name");
                    }
                    String prev = out.remove(out.size() - 1);
                    out.add(prev + (prev.contains(":") ? "," : ":") + p);
                } else {
                    out.add(p);
                }
            }
        }
        if (out.isEmpty()) {
            throw new ConfigurationException("--method names no method");
        }
        return out;
    }

    /**
     * @return the methods of {@code --method}, created by {@code registry} in the order given
     * @throws ConfigurationException for bad syntax, more than {@link SpecReader#MAX_METHODS} methods, or a method or
     *     parameter the registry refuses (its message)
     */
    static List<AttributionMethod> methods(List<String> methodTexts, MethodRegistry registry) {
        List<String> texts = splitMethods(methodTexts);
        if (texts.size() > SpecReader.MAX_METHODS) {
            throw new ConfigurationException("--method lists " + texts.size() + " methods, at most "
                    + SpecReader.MAX_METHODS + " per run; split the study");
        }
        List<AttributionMethod> methods = new ArrayList<>();
        for (String m : texts) {
            methods.add(registry.create(m));
        }
        return methods;
    }

    /**
     * @param records {@code --records}, or null for every record of the split
     * @return the store indices of the first {@code records} records of {@code split}, in store order
     * @throws ConfigurationException for {@code --records} below 1, an unknown or empty split
     */
    static int[] records(EcgStore store, String split, Integer records) {
        if (records != null && records < 1) {
            throw new ConfigurationException("--records must be >= 1, got " + records);
        }
        return new RecordSelection(split, records == null ? 0 : records, List.of()).indices(store,
                new RecordSelection.Names("--split", "--records", "--ids"));
    }
}
