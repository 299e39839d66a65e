package org.heatbench.datasets.importers;

import java.nio.file.Path;
import org.heatbench.core.registry.Registered;
import org.heatbench.core.registry.Spec;

/**
 * Opens an input format as a {@link RecordSource}; the provider interface of importers. An implementation with a
 * public no-argument constructor listed in {@code META-INF/services/org.heatbench.datasets.importers.ImporterFactory}
 * is found by {@link ImporterRegistry#discover}, so a jar on the class path adds a format to
 * {@code heatbench dataset import --format NAME[:key=value,...]} (docs/EXTENDING.md).
 */
public interface ImporterFactory extends Registered {

    /**
     * Opens an input. Reading happens in {@link RecordSource#forEach}; opening only checks what can be checked
     * without reading (e.g. that a named side file exists).
     *
     * @param input the file or folder given with {@code --input}
     * @param spec canonical: every parameter of the descriptor present and valid
     * @throws org.heatbench.core.ConfigurationException for a bad parameter, naming it
     */
    RecordSource open(Path input, Spec spec);
}
