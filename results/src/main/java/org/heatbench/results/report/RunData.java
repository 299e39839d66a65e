package org.heatbench.results.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.heatbench.core.HeatBenchException;
import org.heatbench.core.InvalidInputException;
import org.heatbench.results.GalleryFile;
import org.heatbench.results.RunLayout;

/**
 * Everything a report shows, read from a run directory ({@code docs/RESULTS_FORMAT.md}) — the report's intermediate
 * model. Reading never fails on a missing or unreadable part: the part is left empty and a sentence saying what is
 * missing is added to {@link #warnings()}. Only a path that is not a run at all is an error ({@link #read}).
 *
 * <p>Immutable apart from the provenance JSON trees, which are private copies that callers must not modify.
 *
 * @param runDir the run directory
 * @param runId the run id (run.json's {@code run_id}, else the directory name)
 * @param run run.json, or null when missing or unreadable
 * @param spec spec.json, or null when missing or unreadable
 * @param state run.json's state ({@code complete}, {@code partial}, {@code running}, {@code failed}), or
 *     {@code unknown} without run.json
 * @param methods canonical method specs in report order (run.json's list, then any further participant found in
 *     the summaries, in order of appearance; never the {@code random_order} control)
 * @param targets one entry per target, in run.json order, then targets found only under {@code summary/}
 * @param warnings what is missing, unreadable or incomplete, one sentence each, in the order found
 */
public record RunData(Path runDir, String runId, JsonNode run, JsonNode spec, String state, List<String> methods,
        List<TargetData> targets, List<String> warnings) {

    /** The participant name of the random-order control. */
    public static final String CONTROL = "random_order";

    public RunData {
        methods = List.copyOf(methods);
        targets = List.copyOf(targets);
        warnings = List.copyOf(warnings);
    }

    /**
     * One row of {@code summary.csv}: a score (or localization measure) of one participant.
     *
     * @param participant canonical method spec or {@code random_order}
     * @param curve {@code error}, {@code relative_error}, {@code change} or {@code localization}
     * @param score score name ({@code auc_5}, ..., {@code mass_accuracy})
     * @param n records the mean is over
     * @param mean mean (NaN when empty)
     * @param sd standard deviation
     * @param ciLow lower end of the 95% CI of the mean
     * @param ciHigh upper end
     * @param meanRank Friedman mean rank (1 = best), NaN where not ranked
     * @param position rank position (1 = best), 0 where not ranked
     */
    public record ScoreRow(String participant, String curve, String score, int n, double mean, double sd,
            double ciLow, double ciHigh, double meanRank, int position) {
    }

    /**
     * One mean curve of {@code mean_curves.csv} with its 95% CI band.
     *
     * @param participant canonical method spec or {@code random_order}
     * @param order {@code morf}, {@code lerf} or {@code random}
     * @param curve curve kind
     * @param steps step numbers, increasing
     * @param mean means per step
     * @param ciLow lower CI bound per step
     * @param ciHigh upper CI bound per step
     * @param n records at the first step
     */
    public record MeanCurve(String participant, String order, String curve, int[] steps, double[] mean,
            double[] ciLow, double[] ciHigh, int n) {
    }

    /**
     * One method's place in one ranking of {@code rankings.csv}.
     *
     * @param curve curve kind
     * @param score score name
     * @param higherIsBetter the score's direction
     * @param n records ranked
     * @param friedmanStatistic Friedman's χ²
     * @param friedmanDf degrees of freedom
     * @param friedmanP p value
     * @param position 1 = best
     * @param method canonical method spec
     * @param meanRank mean rank
     * @param meanScore mean score
     */
    public record RankRow(String curve, String score, boolean higherIsBetter, int n, double friedmanStatistic,
            int friedmanDf, double friedmanP, int position, String method, double meanRank, double meanScore) {
    }

    /**
     * One paired Wilcoxon test of {@code pairwise.csv}.
     *
     * @param curve curve kind
     * @param score score name
     * @param methodA first method
     * @param methodB second method
     * @param n pairs
     * @param meanDifference mean of A − B
     * @param p two-sided p
     * @param pHolm Holm-adjusted p over the score's pairs
     */
    public record PairRow(String curve, String score, String methodA, String methodB, int n, double meanDifference,
            double p, double pHolm) {
    }

    /**
     * One test of a method's gap to the random-order control against 0 ({@code random_gap_tests.csv}).
     *
     * @param curve curve kind
     * @param method method
     * @param n records
     * @param meanGap mean gap
     * @param p p value
     * @param pHolm Holm-adjusted p over the methods
     */
    public record GapRow(String curve, String method, int n, double meanGap, double p, double pHolm) {
    }

    /**
     * One row of {@code summary/components.csv}: the mean share of |relevance| in one beat segment.
     *
     * @param method canonical method spec
     * @param component {@code p}, {@code pr}, {@code qrs}, {@code st}, {@code t}, {@code other}
     * @param n records with shares
     * @param mean mean share
     * @param ciLow lower CI bound
     * @param ciHigh upper CI bound
     */
    public record ComponentRow(String method, String component, int n, double mean, double ciLow, double ciHigh) {
    }

    /**
     * What a report shows of one target.
     *
     * @param target target key
     * @param unit the target's unit (empty when unknown)
     * @param model model path from run.json (empty when unknown)
     * @param modelSha256 model hash (empty when unknown)
     * @param summaryPresent whether {@code summary/<target>/summary.csv} was read
     * @param scores summary.csv rows
     * @param curves mean curves
     * @param rankings rankings rows
     * @param pairwise pairwise tests
     * @param gaps random-gap tests
     * @param components component shares
     * @param skipped skipped record × method counts by status (from summary/skipped.csv)
     * @param gallery the heatmap gallery, or null when absent or unreadable
     */
    public record TargetData(String target, String unit, String model, String modelSha256, boolean summaryPresent,
            List<ScoreRow> scores, List<MeanCurve> curves, List<RankRow> rankings, List<PairRow> pairwise,
            List<GapRow> gaps, List<ComponentRow> components, Map<String, Integer> skipped,
            GalleryFile.Gallery gallery) {

        public TargetData {
            scores = List.copyOf(scores);
            curves = List.copyOf(curves);
            rankings = List.copyOf(rankings);
            pairwise = List.copyOf(pairwise);
            gaps = List.copyOf(gaps);
            components = List.copyOf(components);
            skipped = Map.copyOf(skipped);
        }

        /** @return the ranking rows of one curve and score, by position */
        public List<RankRow> ranking(String curve, String score) {
            return rankings.stream().filter(r -> r.curve().equals(curve) && r.score().equals(score))
                    .sorted(Comparator.comparingInt(RankRow::position)).toList();
        }

        /** @return the summary row of one participant, curve and score, or null */
        public ScoreRow score(String participant, String curve, String score) {
            return scores.stream().filter(r -> r.participant().equals(participant) && r.curve().equals(curve)
                    && r.score().equals(score)).findFirst().orElse(null);
        }

        /** @return the pairwise test of two methods (either order), or null */
        public PairRow pair(String curve, String score, String a, String b) {
            return pairwise.stream().filter(r -> r.curve().equals(curve) && r.score().equals(score)
                    && (r.methodA().equals(a) && r.methodB().equals(b) || r.methodA().equals(b)
                    && r.methodB().equals(a))).findFirst().orElse(null);
        }
    }

    /**
     * Reads a run directory.
     *
     * @throws InvalidInputException when the path is not a directory, or holds none of run.json, spec.json and
     *     summary/ (not a run)
     */
    public static RunData read(Path runDir) {
        if (!Files.isDirectory(runDir)) {
            throw new InvalidInputException("run directory " + runDir + " does not exist or is not a directory");
        }
        RunLayout layout = new RunLayout(runDir);
        if (!Files.exists(layout.run()) && !Files.exists(layout.spec()) && !Files.isDirectory(layout.summary())) {
            throw new InvalidInputException(runDir + " is not a HeatBench run: it has no run.json, spec.json or "
                    + "summary/ (docs/RESULTS_FORMAT.md)");
        }
        List<String> warnings = new ArrayList<>();
        JsonNode run = json(layout.run(), "run.json", warnings);
        JsonNode spec = json(layout.spec(), "spec.json", warnings);
        String runId = text(run, "run_id", runDir.toAbsolutePath().normalize().getFileName() == null ? "run"
                : runDir.toAbsolutePath().normalize().getFileName().toString());
        String state = run == null ? "unknown" : text(run, "state", "unknown");
        if (run != null) {
            if (!RunLayout.FORMAT.equals(text(run, "format", ""))) {
                warnings.add("run.json does not declare format '" + RunLayout.FORMAT + "'; read as if it did.");
            } else if (run.path("format_version").asInt(0) > RunLayout.FORMAT_VERSION) {
                throw new InvalidInputException(layout.run() + ": heatbench-run format version "
                        + run.path("format_version").asText() + " is newer than this HeatBench reads ("
                        + RunLayout.FORMAT_VERSION + "); use a newer heatbench report");
            }
            int marked = committedMarkers(layout);
            if (marked >= 0 && run.path("counts").isObject()) {
                // the markers are the truth: a driver that died may have left counts behind
                ((ObjectNode) run.path("counts")).put("units_done", marked);
            }
            if (!state.equals("complete")) {
                String msg = text(run, "message", "");
                JsonNode counts = run.path("counts");
                String units = counts.has("units_total")
                        ? " (" + counts.path("units_done").asText("?") + " of " + counts.path("units_total").asText("?")
                        + " work units committed)" : "";
                if (state.equals("degraded")) {
                    warnings.add("The run is DEGRADED" + units + (msg.isEmpty() ? "" : ": " + msg)
                            + ". Skipped records are listed in summary/skipped.csv.");
                } else {
                    warnings.add("The run is " + state + ", not complete" + units
                            + (msg.isEmpty() ? "" : ": " + msg) + ". The numbers cover the committed units only.");
                }
            }
        }
        Set<String> methods = new LinkedHashSet<>();
        if (run != null) {
            run.path("methods").forEach(m -> methods.add(m.asText()));
        }
        Map<String, JsonNode> targetInfo = new LinkedHashMap<>();
        if (run != null) {
            run.path("targets").forEach(t -> targetInfo.put(t.path("target").asText(""), t));
        }
        Set<String> targetNames = new LinkedHashSet<>(targetInfo.keySet());
        targetNames.remove("");
        if (Files.isDirectory(layout.summary())) {
            try (Stream<Path> s = Files.list(layout.summary())) {
                s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().forEach(targetNames::add);
            } catch (IOException e) {
                warnings.add("summary/ cannot be listed: " + e.getMessage());
            }
        } else {
            warnings.add("summary/ is missing: no scores, curves, rankings or tests.");
        }
        if (targetNames.isEmpty()) {
            warnings.add("No target is listed in run.json or found under summary/.");
        }
        List<Map<String, String>> components = optionalCsv(layout.components(), "summary/components.csv",
                warnings, "no component shares");
        List<Map<String, String>> skipped = optionalCsv(layout.skipped(), "summary/skipped.csv", warnings,
                "no list of skipped records");
        int galleryRecords = run == null ? -1 : run.path("gallery").path("records").asInt(-1);
        List<TargetData> targets = new ArrayList<>();
        for (String t : targetNames) {
            JsonNode info = targetInfo.get(t);
            try {
                RunLayout.requireSafe("target", t);
            } catch (HeatBenchException e) {
                warnings.add("Target '" + t + "' is not a valid target key; its files are not read.");
                targets.add(new TargetData(t, text(info, "unit", ""), text(info, "model", ""),
                        text(info, "model_sha256", ""), false, List.of(), List.of(), List.of(), List.of(),
                        List.of(), List.of(), Map.of(), null));
                continue;
            }
            targets.add(readTarget(layout, t, info, components, skipped, galleryRecords, warnings));
        }
        for (TargetData t : targets) {
            t.scores().stream().map(ScoreRow::participant).filter(p -> !p.equals(CONTROL)).forEach(methods::add);
        }
        return new RunData(runDir, runId, run == null ? null : run.deepCopy(), spec == null ? null : spec.deepCopy(),
                state, List.copyOf(methods), targets, warnings);
    }

    /** @return the commit markers under units/ ({@code *.done}), or -1 when there is no units/ directory */
    static int committedMarkers(RunLayout layout) {
        if (!Files.isDirectory(layout.units())) {
            return -1;
        }
        try (Stream<Path> s = Files.list(layout.units())) {
            return (int) s.filter(p -> p.getFileName().toString().endsWith(".done")).count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static TargetData readTarget(RunLayout layout, String t, JsonNode info,
            List<Map<String, String>> components, List<Map<String, String>> skipped, int galleryRecords,
            List<String> warnings) {
        Path dir = layout.summary(t);
        List<ScoreRow> scores = new ArrayList<>();
        List<MeanCurve> curves = new ArrayList<>();
        List<RankRow> rankings = new ArrayList<>();
        List<PairRow> pairs = new ArrayList<>();
        List<GapRow> gaps = new ArrayList<>();
        boolean present = false;
        if (!Files.isDirectory(dir)) {
            warnings.add("Target " + t + ": summary/" + t + "/ is missing — no scores, curves or rankings for it.");
        } else {
            List<Map<String, String>> rows = optionalCsv(dir.resolve("summary.csv"), "summary/" + t + "/summary.csv",
                    warnings, "no score table for " + t);
            present = rows != null;
            if (rows != null) {
                for (Map<String, String> r : rows) {
                    scores.add(new ScoreRow(Csv.str(r, "participant"), Csv.str(r, "curve"), Csv.str(r, "score"),
                            Csv.integer(r, "n", 0), Csv.num(r, "mean"), Csv.num(r, "sd"), Csv.num(r, "ci_low"),
                            Csv.num(r, "ci_high"), Csv.num(r, "mean_rank"), Csv.integer(r, "position", 0)));
                }
            }
            List<Map<String, String>> mc = optionalCsv(dir.resolve("mean_curves.csv"),
                    "summary/" + t + "/mean_curves.csv", warnings, "no curves for " + t);
            if (mc != null) {
                curves.addAll(curves(mc));
            }
            List<Map<String, String>> rk = optionalCsv(dir.resolve("rankings.csv"), "summary/" + t + "/rankings.csv",
                    warnings, "no rankings for " + t);
            if (rk != null) {
                for (Map<String, String> r : rk) {
                    rankings.add(new RankRow(Csv.str(r, "curve"), Csv.str(r, "score"),
                            Boolean.parseBoolean(Csv.str(r, "higher_is_better")), Csv.integer(r, "n", 0),
                            Csv.num(r, "friedman_statistic"), Csv.integer(r, "friedman_df", 0),
                            Csv.num(r, "friedman_p"), Csv.integer(r, "position", 0), Csv.str(r, "method"),
                            Csv.num(r, "mean_rank"), Csv.num(r, "mean_score")));
                }
            }
            List<Map<String, String>> pw = optionalCsv(dir.resolve("pairwise.csv"), "summary/" + t + "/pairwise.csv",
                    warnings, "no significance marks for " + t);
            if (pw != null) {
                for (Map<String, String> r : pw) {
                    pairs.add(new PairRow(Csv.str(r, "curve"), Csv.str(r, "score"), Csv.str(r, "method_a"),
                            Csv.str(r, "method_b"), Csv.integer(r, "n", 0), Csv.num(r, "mean_difference"),
                            Csv.num(r, "p"), Csv.num(r, "p_holm")));
                }
            }
            List<Map<String, String>> gp = optionalCsv(dir.resolve("random_gap_tests.csv"),
                    "summary/" + t + "/random_gap_tests.csv", warnings, "no random-gap tests for " + t);
            if (gp != null) {
                for (Map<String, String> r : gp) {
                    gaps.add(new GapRow(Csv.str(r, "curve"), Csv.str(r, "method"), Csv.integer(r, "n", 0),
                            Csv.num(r, "mean_gap"), Csv.num(r, "p"), Csv.num(r, "p_holm")));
                }
            }
        }
        List<ComponentRow> comps = new ArrayList<>();
        if (components != null) {
            for (Map<String, String> r : components) {
                if (Csv.str(r, "target").equals(t)) {
                    comps.add(new ComponentRow(Csv.str(r, "method"), Csv.str(r, "component"), Csv.integer(r, "n", 0),
                            Csv.num(r, "mean"), Csv.num(r, "ci_low"), Csv.num(r, "ci_high")));
                }
            }
        }
        Map<String, Integer> skip = new TreeMap<>();
        if (skipped != null) {
            for (Map<String, String> r : skipped) {
                if (Csv.str(r, "target").equals(t)) {
                    skip.merge(Csv.str(r, "status"), 1, Integer::sum);
                }
            }
        }
        GalleryFile.Gallery gallery = null;
        Path gf = layout.gallery(t);
        if (Files.isRegularFile(gf)) {
            try {
                gallery = GalleryFile.read(gf);
            } catch (RuntimeException e) {
                warnings.add("Target " + t + ": the heatmap gallery attributions/" + t + ".h5 cannot be read ("
                        + e.getMessage() + ").");
            }
        } else if (galleryRecords != 0) {
            warnings.add("Target " + t + ": the heatmap gallery attributions/" + t + ".h5 is missing.");
        }
        return new TargetData(t, text(info, "unit", gallery == null ? "" : gallery.unit()), text(info, "model", ""),
                text(info, "model_sha256", ""), present, scores, curves, rankings, pairs, gaps, comps, skip, gallery);
    }

    private static List<MeanCurve> curves(List<Map<String, String>> rows) {
        Map<String, List<Map<String, String>>> groups = new LinkedHashMap<>();
        for (Map<String, String> r : rows) {
            String key = Csv.str(r, "participant") + "\u0000" + Csv.str(r, "order") + "\u0000" + Csv.str(r, "curve");
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        List<MeanCurve> out = new ArrayList<>();
        for (List<Map<String, String>> g : groups.values()) {
            g.sort(Comparator.comparingInt(r -> Csv.integer(r, "step", 0)));
            int k = g.size();
            int[] steps = new int[k];
            double[] mean = new double[k];
            double[] lo = new double[k];
            double[] hi = new double[k];
            for (int i = 0; i < k; i++) {
                Map<String, String> r = g.get(i);
                steps[i] = Csv.integer(r, "step", i);
                mean[i] = Csv.num(r, "mean");
                lo[i] = Csv.num(r, "ci_low");
                hi[i] = Csv.num(r, "ci_high");
            }
            Map<String, String> first = g.get(0);
            out.add(new MeanCurve(Csv.str(first, "participant"), Csv.str(first, "order"), Csv.str(first, "curve"),
                    steps, mean, lo, hi, Csv.integer(first, "n", 0)));
        }
        return out;
    }

    private static List<Map<String, String>> optionalCsv(Path file, String name, List<String> warnings,
            String consequence) {
        if (!Files.isRegularFile(file)) {
            warnings.add(name + " is missing: " + consequence + ".");
            return null;
        }
        try {
            return Csv.read(file);
        } catch (HeatBenchException e) {
            warnings.add(name + " cannot be read (" + e.getMessage() + "): " + consequence + ".");
            return null;
        }
    }

    private static JsonNode json(Path file, String name, List<String> warnings) {
        if (!Files.isRegularFile(file)) {
            warnings.add(name + " is missing: " + (name.equals("run.json")
                    ? "provenance, state and counts unknown; targets taken from summary/."
                    : "the resolved experiment spec is not shown."));
            return null;
        }
        try {
            JsonNode n = new ObjectMapper().readTree(file.toFile());
            if (n == null || !n.isObject()) {
                warnings.add(name + " is not a JSON object; ignored.");
                return null;
            }
            return n;
        } catch (IOException e) {
            warnings.add(name + " cannot be parsed (" + e.getMessage().lines().findFirst().orElse("") + "); ignored.");
            return null;
        }
    }

    private static String text(JsonNode n, String field, String dflt) {
        if (n == null || !n.hasNonNull(field) || n.get(field).isContainerNode()) {
            return dflt;
        }
        return n.get(field).asText();
    }
}
