package org.heatbench.results.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.heatbench.core.InvalidInputException;
import org.heatbench.results.report.Figures.Figure;
import org.heatbench.results.report.RunData.MeanCurve;
import org.heatbench.results.report.RunData.TargetData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The comparison report of a run ({@code heatbench report}): a self-contained static HTML page
 * ({@code index.html}: styles, script and gallery data inline, no network) and its figures ({@code figures/*.png}
 * and {@code *.svg}, drawn with XChart, referenced by relative paths). See {@code README.md}, section
 * "heatbench report", for what it shows.
 *
 * <p>A run with missing parts (no run.json, a target without summary, no gallery, a partial or running run) still
 * gets a report; what is missing is listed in a banner at the top and in {@link Report#warnings()}, and no empty
 * plot is drawn. Stateless; concurrent calls must use different output directories.
 */
public final class ReportGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(ReportGenerator.class);
    /** Curves with more steps than this also get a figure of their first {@value} steps. */
    static final int ZOOM_STEPS = 30;

    private ReportGenerator() {
    }

    /**
     * What was written.
     *
     * @param index the report page
     * @param figures the figure files written (PNG and SVG), relative to the output directory's parent-free paths
     * @param warnings what is missing or incomplete in the run (shown in the report's banner); empty for a complete
     *     run
     */
    public record Report(Path index, List<Path> figures, List<String> warnings) {
        public Report {
            Objects.requireNonNull(index, "index");
            figures = List.copyOf(figures);
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Writes the report of a run.
     *
     * @param runDir the run directory ({@code results/<run-id>})
     * @param outDir where to write {@code index.html} and {@code figures/} (created; earlier files replaced)
     * @return the page, the figures and the warnings
     * @throws InvalidInputException when {@code runDir} is not a directory or not a run at all
     * @throws UncheckedIOException when the output cannot be written
     */
    public static Report generate(Path runDir, Path outDir) {
        RunData data = RunData.read(runDir);
        Labels labels = new Labels(data.methods());
        Map<String, List<Figure>> figures = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>();
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create report directory " + outDir, e);
        }
        for (TargetData t : data.targets()) {
            List<Figure> fs = new ArrayList<>();
            if (t.curves().isEmpty() && t.components().isEmpty()) {
                figures.put(t.target(), fs);
                continue;
            }
            String curve = t.curves().stream().anyMatch(c -> c.curve().equals("error")) ? "error" : "change";
            int last = t.curves().stream().mapToInt(c -> c.steps().length == 0 ? 0 : c.steps()[c.steps().length - 1])
                    .max().orElse(0);
            boolean zoom = last > 2 * ZOOM_STEPS;
            if (zoom) {
                add(fs, Figures.curves(outDir, t, curve, "morf", ZOOM_STEPS, "curves-" + t.target() + "-first"
                        + ZOOM_STEPS, data.methods(), labels));
            }
            add(fs, Figures.curves(outDir, t, curve, "morf", last, "curves-" + t.target(), data.methods(), labels));
            if (hasOrder(t, "lerf", curve)) {
                add(fs, Figures.curves(outDir, t, curve, "lerf", zoom ? ZOOM_STEPS : last, "curves-" + t.target()
                        + "-lerf", data.methods(), labels));
            }
            if (!curve.equals("relative_error") && t.curves().stream().anyMatch(c -> c.curve().equals(
                    "relative_error"))) {
                add(fs, Figures.curves(outDir, t, "relative_error", "morf", zoom ? ZOOM_STEPS : last, "curves-"
                        + t.target() + "-relative", data.methods(), labels));
            }
            add(fs, Figures.components(outDir, t, "components-" + t.target(), data.methods(), labels));
            figures.put(t.target(), fs);
            for (Figure f : fs) {
                files.add(outDir.resolve(f.png()));
                files.add(outDir.resolve(f.svg()));
            }
        }
        String html = new HtmlReport(data, labels, figures).render();
        BlindingKey.write(outDir.resolve(BlindingKey.FILE), data.targets(), labels, BlindingKey.runSeed(data));
        Path index = outDir.resolve("index.html");
        Path tmp = outDir.resolve("index.html.tmp");
        try {
            Files.writeString(tmp, html, StandardCharsets.UTF_8);
            Files.move(tmp, index, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + index, e);
        }
        LOG.info("report of {} written to {} ({} figures, {} warnings)", runDir, index, files.size(),
                data.warnings().size());
        return new Report(index, files, data.warnings());
    }

    private static boolean hasOrder(TargetData t, String order, String curve) {
        for (MeanCurve c : t.curves()) {
            if (c.order().equals(order) && c.curve().equals(curve)) {
                return true;
            }
        }
        return false;
    }

    private static void add(List<Figure> fs, Figure f) {
        if (f != null) {
            fs.add(f);
        }
    }
}
