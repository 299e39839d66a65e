package org.heatbench.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.heatbench.datasets.Split;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.harness.perturb.PerturbCommand;
import org.heatbench.methods.AttributionMethod;
import org.heatbench.methods.MethodRegistry;
import picocli.CommandLine.Option;

/**
 * The options that the evaluation commands {@code sanity}, {@code robustness} and {@code faithfulness} share word
 * for word — the store ({@code --dataset}), the methods ({@code --method}) and the split ({@code --split}) — as one
 * picocli {@code @Mixin}, with the set-up they all do with them (creating the methods, the split's records, the
 * guard of {@code --out}). Each command declares only its own options.
 *
 * <p>Why {@code order}: a mixin's options would otherwise all appear where the mixin is declared; the commands
 * number their own options around {@link #DATASET_ORDER}, {@link #METHOD_ORDER} and {@link #SPLIT_ORDER} so that
 * the help lists every option where it always stood. The numbers are below picocli's default order (-1) so that the
 * standard {@code -h}, {@code -V} and {@code --verbose}, which carry no order, stay last. Not thread-safe (picocli
 * fills the fields once per parse).
 */
public final class EvaluationOptions {
    /** Help position of {@code --dataset}: after {@code --model} (-950), before {@code --target} (-850). */
    public static final int DATASET_ORDER = -900;
    /** Help position of {@code --method}: after {@code --target} (-850), before the command's own options. */
    public static final int METHOD_ORDER = -800;
    /** Help position of {@code --split}: after {@code --records}, before the command's remaining options. */
    public static final int SPLIT_ORDER = -500;

    @Option(names = "--dataset", required = true, order = DATASET_ORDER, description = "median-beat store directory")
    Path dataset;

    @Option(names = "--method", required = true, order = METHOD_ORDER,
            description = "method(s) NAME[:k=v,...][,NAME...]; repeatable")
    List<String> methodTexts;

    @Option(names = "--split", defaultValue = "test", order = SPLIT_ORDER,
            description = "train, val, test or all (default: ${DEFAULT-VALUE})")
    String split;

    /** @return the store directory given to {@code --dataset} */
    public Path dataset() {
        return dataset;
    }

    /** @return the {@code --split} text as given (train, val, test or all) */
    public String split() {
        return split;
    }

    /**
     * Creates every method of {@code --method} ({@link PerturbCommand#splitMethods} rules), in the order given.
     *
     * @throws org.heatbench.core.ConfigurationException for an unknown method or bad parameter (the registry's message)
     */
    public List<AttributionMethod> methods(MethodRegistry registry) {
        List<AttributionMethod> methods = new ArrayList<>();
        for (String m : PerturbCommand.splitMethods(methodTexts)) {
            methods.add(registry.create(m));
        }
        return methods;
    }

    /**
     * @return the store indices of {@code --split} in store order, every record for {@code all}; possibly empty
     *         (each command words its own message for an empty split)
     */
    public int[] splitIndices(EcgStore store) {
        return split.trim().equalsIgnoreCase(SplitOption.ALL) ? IntStream.range(0, store.size()).toArray()
                : store.indicesOf(Split.parse(split));
    }

    /**
     * Refuses, before any work, an {@code --out} folder that would overwrite {@code files} without
     * {@code --overwrite}, or that is an input ({@code --model}, {@code --dataset}); see {@link OutputGuard}.
     */
    public void checkOut(Path out, List<String> files, boolean overwrite, Path model) {
        OutputGuard.checkFolder("--out", out, files, overwrite, Map.of("--model", model, "--dataset", dataset));
    }
}
