package org.heatbench.results.report;

import static org.heatbench.results.report.Html.esc;
import static org.heatbench.results.report.Html.num;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.heatbench.perturbation.sanity.SanityRow;
import org.heatbench.perturbation.sanity.SanityRow.Verdict;
import org.heatbench.perturbation.sanity.SanityTable;
import org.heatbench.results.report.RunData.RankRow;
import org.heatbench.results.report.RunData.TargetData;

/**
 * The report's "Can the ranking be trusted?" section and the sanity marks of the rank matrix, from the optional
 * parts of a run directory: {@code sanity/<target>/sanity.csv} ({@code heatbench sanity} or the run's sanity stage),
 * {@code robustness/<target>/robustness.json} ({@code heatbench robustness}) and {@code ratings/*.json}
 * ({@code heatbench ratings import}). A part that is absent is named with the command that makes it; an unreadable
 * one becomes a warning in the section, not an error.
 */
final class TrustSection {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RunData data;
    private final Labels labels;
    private final Map<String, List<SanityRow>> sanity = new LinkedHashMap<>();
    private final Map<String, JsonNode> robustness = new LinkedHashMap<>();
    private final List<ExpertRatings.Rating> ratings;
    private final List<String> problems = new ArrayList<>();

    TrustSection(RunData data, Labels labels) {
        this.data = data;
        this.labels = labels;
        for (TargetData t : data.targets()) {
            Path s = data.runDir().resolve("sanity").resolve(t.target()).resolve(SanityTable.FILE);
            if (Files.isRegularFile(s)) {
                try {
                    sanity.put(t.target(), SanityTable.read(s));
                } catch (RuntimeException e) {
                    problems.add("sanity checks of " + t.target() + " unreadable: " + e.getMessage());
                }
            }
            Path r = data.runDir().resolve("robustness").resolve(t.target()).resolve("robustness.json");
            if (Files.isRegularFile(r)) {
                try {
                    robustness.put(t.target(), JSON.readTree(r.toFile()));
                } catch (IOException e) {
                    problems.add("robustness of " + t.target() + " unreadable: " + e.getMessage());
                }
            }
        }
        List<ExpertRatings.Rating> rs = List.of();
        try {
            rs = ExpertRatings.read(data);
        } catch (RuntimeException e) {
            problems.add("expert ratings unreadable: " + e.getMessage());
        }
        this.ratings = rs;
    }

    /** The mark after a rank-matrix cell: ⚠ when the method fails a sanity check for the target. */
    String mark(String target, String method) {
        List<SanityRow> rows = sanity.get(target);
        if (rows == null) {
            return "";
        }
        Verdict v = SanityTable.verdicts(rows).get(method);
        if (v != Verdict.FAIL) {
            return "";
        }
        List<String> failed = rows.stream().filter(r -> r.method().equals(method) && r.verdict() == Verdict.FAIL)
                .map(r -> r.check() + " " + r.statistic() + " = " + num(r.value())).toList();
        return " <span class=\"sanity-fail\" data-sanity=\"fail\" title=\"fails sanity checks: " + esc(String.join("; ",
                failed)) + "\">⚠</span>";
    }

    void render(StringBuilder h) {
        h.append("<section id=\"trust\"><h2>Can the ranking be trusted?</h2>\n");
        for (String p : problems) {
            h.append("<p class=\"missing\">").append(esc(p)).append("</p>\n");
        }
        h.append("<p>Sanity checks (Adebayo et al. 2018: does the map change when the model's weights are randomised, "
                + "does it change between ECGs?), the ranking's robustness to the perturbation setting, and expert "
                + "ratings of the blinded gallery. ⚠ in the rank matrix marks a method that fails a sanity check.</p>\n");
        for (TargetData t : data.targets()) {
            h.append("<h3>").append(esc(t.target())).append("</h3>\n");
            sanity(h, t);
            robustness(h, t);
            experts(h, t);
        }
        h.append("</section>\n");
    }

    private void sanity(StringBuilder h, TargetData t) {
        List<SanityRow> rows = sanity.get(t.target());
        if (rows == null) {
            h.append("<p class=\"missing\">No sanity checks (<code>heatbench sanity … --out ")
                    .append(esc("<run>/sanity/" + t.target())).append("</code> or the run's <code>sanity</code> stage)."
                    + "</p>\n");
            return;
        }
        h.append("<div class=\"scroll\"><table class=\"sanity\" id=\"sanity-").append(esc(t.target()))
                .append("\"><thead><tr><th>method</th><th>verdict</th><th>checks that fail or warn</th></tr></thead>"
                        + "<tbody>\n");
        for (Map.Entry<String, Verdict> e : SanityTable.verdicts(rows).entrySet()) {
            List<String> bad = rows.stream().filter(r -> r.method().equals(e.getKey()) && (r.verdict() == Verdict.FAIL
                    || r.verdict() == Verdict.WARN)).map(r -> r.check() + " " + r.statistic() + " = " + num(r.value())
                    + " (" + r.verdict().label() + ")").toList();
            h.append("<tr><th class=\"method\" title=\"").append(esc(e.getKey())).append("\">")
                    .append(esc(labels.of(e.getKey()))).append("</th><td class=\"sanity-")
                    .append(e.getValue().label()).append("\">").append(e.getValue().label()).append("</td><td>")
                    .append(esc(String.join("; ", bad))).append("</td></tr>\n");
        }
        h.append("</tbody></table></div>\n");
    }

    private void robustness(StringBuilder h, TargetData t) {
        JsonNode r = robustness.get(t.target());
        if (r == null) {
            h.append("<p class=\"missing\">No robustness study (<code>heatbench robustness … --out ")
                    .append(esc("<run>/robustness/" + t.target())).append("</code>).</p>\n");
            return;
        }
        JsonNode w = r.path("kendall_w");
        int settings = r.path("settings").size();
        h.append("<p class=\"robustness\" id=\"robustness-").append(esc(t.target())).append("\">Ranking by <code>")
                .append(esc(r.path("score").asText())).append("</code> under ").append(settings)
                .append(" settings (perturbation functions, region sizes, seeds; ").append(r.path("records").asInt())
                .append(" records): Kendall's W = ").append(num(w.path("w").asDouble(Double.NaN))).append(" [95% CI ")
                .append(num(w.path("ci_lower").asDouble(Double.NaN))).append(", ")
                .append(num(w.path("ci_upper").asDouble(Double.NaN))).append("]; ")
                .append(r.path("robust_pairs").size()).append(" of ").append(r.path("pairs").asInt())
                .append(" method pairs keep their order in every setting.</p>\n");
        if (r.path("robust_pairs").size() > 0) {
            h.append("<p>Robust conclusions: ");
            List<String> parts = new ArrayList<>();
            for (JsonNode p : r.path("robust_pairs")) {
                parts.add("<span class=\"robust\">" + esc(labels.of(p.get(0).asText())) + " &gt; "
                        + esc(labels.of(p.get(1).asText())) + "</span>");
            }
            h.append(String.join(", ", parts)).append(".</p>\n");
        } else {
            h.append("<p>No pairwise order holds in every setting: the ranking of this target is not robust.</p>\n");
        }
        h.append("<p class=\"legend\">Rank positions in the base setting with 95% bootstrap intervals over records: ");
        List<String> pos = new ArrayList<>();
        for (JsonNode p : r.path("base_positions")) {
            pos.add(esc(labels.of(p.path("method").asText())) + " " + num(p.path("position").asDouble(Double.NaN))
                    + " [" + num(p.path("ci_lower").asDouble(Double.NaN)) + ", "
                    + num(p.path("ci_upper").asDouble(Double.NaN)) + "]");
        }
        h.append(String.join("; ", pos)).append(".</p>\n");
    }

    private void experts(StringBuilder h, TargetData t) {
        List<ExpertRatings.Rating> rs = ratings.stream().filter(r -> r.target().equals(t.target())).toList();
        if (rs.isEmpty()) {
            h.append("<p class=\"missing\">No expert ratings (rate the blinded gallery, export, then "
                    + "<code>heatbench ratings import --results RUN FILE…</code>).</p>\n");
            return;
        }
        Map<String, Double> ranks = new LinkedHashMap<>();
        String[] ps = HtmlReport.primaryScore(t);
        if (ps != null) {
            for (RankRow row : t.ranking(ps[0], ps[1])) {
                ranks.put(row.method(), row.meanRank());
            }
        }
        ExpertAgreement a = ExpertAgreement.of(rs, data.methods(), ranks);
        h.append("<div class=\"experts\" id=\"experts-").append(esc(t.target())).append("\"><p>")
                .append(a.ratings()).append(" ratings by ").append(a.raters()).append(" rater(s). Inter-rater "
                        + "agreement: Krippendorff's α (interval) = ").append(num(a.interval().alpha()))
                .append(" [95% CI ").append(num(a.interval().interval().lower())).append(", ")
                .append(num(a.interval().interval().upper())).append("], α (ordinal) = ")
                .append(num(a.ordinal().alpha())).append(" [").append(num(a.ordinal().interval().lower()))
                .append(", ").append(num(a.ordinal().interval().upper())).append("]; Kendall's W = ");
        if (a.w() == null) {
            h.append("– (needs two raters who scored every method)");
        } else {
            h.append(num(a.w().w())).append(" [").append(num(a.w().interval().lower())).append(", ")
                    .append(num(a.w().interval().upper())).append("]");
        }
        if (a.ratersLeftOut() > 0) {
            h.append(" (").append(a.ratersLeftOut()).append(" rater(s) left out: not every method scored)");
        }
        h.append(". Expert ranking vs perturbation ranking: Spearman ρ = ").append(num(a.rhoWithPerturbation()))
                .append(ps == null ? "" : " (perturbation by " + esc(ps[0] + " " + ps[1]) + ")").append(".</p>\n")
                .append("<div class=\"scroll\"><table class=\"expert-scores\"><thead><tr><th>method</th><th>panels</th>"
                        + "<th>expert score (1–5)</th><th>95% CI</th><th>picked best</th><th>perturbation mean rank"
                        + "</th></tr></thead><tbody>\n");
        for (ExpertAgreement.MethodScore m : a.methods()) {
            Double rank = ranks.get(m.method());
            h.append("<tr><th class=\"method\" title=\"").append(esc(m.method())).append("\">")
                    .append(esc(labels.of(m.method()))).append("</th><td class=\"num\">").append(m.panels())
                    .append("</td><td class=\"num\">").append(num(m.mean())).append("</td><td class=\"num\">")
                    .append(num(m.lower())).append(" – ").append(num(m.upper())).append("</td><td class=\"num\">")
                    .append(m.bestPicks()).append("</td><td class=\"num\">").append(rank == null ? "–" : num(rank))
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table></div></div>\n");
    }
}
