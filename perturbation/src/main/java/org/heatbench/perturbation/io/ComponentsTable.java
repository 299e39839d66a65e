package org.heatbench.perturbation.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.heatbench.perturbation.eval.ComponentShares;

/**
 * Writes {@code components.csv} (docs/RESULTS_FORMAT.md): the same file from {@code heatbench perturb} (one target) and
 * {@code heatbench run} (each target's summary directory, and all targets in {@code summary/}).
 *
 * <p>Columns {@value #HEADER}: per target, method and beat segment ({@link ComponentShares#COMPONENTS}, in that
 * order), {@code n} the records with shares, {@code mean} the mean share of |relevance| (a fraction in [0, 1], no
 * unit), {@code sd}, and the Student-t 95% CI {@code ci_low}, {@code ci_high} ({@link ComponentShares#rows}). Rows in
 * the map's order, then the methods' order. A statistic that is undefined (no shares: n = 0; one share: no SD, no CI)
 * is NaN and written as an empty field ({@link CsvFields}); a method spec holding a comma is quoted. UTF-8, '\n' line
 * ends. The file is written under a temporary name in the same directory and moved into place atomically, replacing an
 * earlier one; an interrupted write leaves only the temporary file. Stateless, thread-safe for different files.
 */
final class ComponentsTable {
    /** Header line of {@code components.csv}. */
    static final String HEADER = "target,method,component,n,mean,sd,ci_low,ci_high";

    private ComponentsTable() {
    }

    /**
     * Writes {@code file}.
     *
     * @param byTarget target key → its component statistics, in output order
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    static void write(Path file, Map<String, ComponentShares> byTarget) {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(HEADER);
                w.write('\n');
                for (Map.Entry<String, ComponentShares> e : byTarget.entrySet()) {
                    for (List<String> r : e.getValue().rows(e.getKey())) {
                        w.write(String.join(",", r.stream().map(CsvFields::text).toList()));
                        w.write('\n');
                    }
                }
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
