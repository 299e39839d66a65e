package org.heatbench.results.report;

import static org.heatbench.results.report.Html.esc;
import static org.heatbench.results.report.Html.exact;
import static org.heatbench.results.report.Html.num;

import java.util.List;
import org.heatbench.results.report.RunData.ScoreRow;
import org.heatbench.results.report.RunData.TargetData;

/**
 * The report's "Decision flips" table of a classification target (docs/PERTURBATION.md, "Decision flips"): per method
 * and the random-order control, the share of records whose class decision flipped along the MoRF (control: random)
 * trajectory with its 95% Wilson interval, and the mean (95% CI) and median flip step. Read from the {@code decision}
 * rows of {@code summary.csv}; a target without them (a regression target, or a run written before the rows existed)
 * gets no table. Stateless.
 */
final class DecisionFlipSection {
    private DecisionFlipSection() {
    }

    /**
     * @param participants the table's rows in report order (methods, then the control)
     * @return the section's HTML, empty when the target has no decision rows
     */
    static String html(TargetData t, List<String> participants, Labels labels) {
        if (t.scores().stream().noneMatch(r -> r.curve().equals("decision"))) {
            return "";
        }
        StringBuilder h = new StringBuilder(1024);
        h.append("<h3>Decision flips</h3>\n<div class=\"scroll\"><table class=\"scores decision-flips\" data-target=\"")
                .append(esc(t.target())).append("\" data-curve=\"decision\"><thead><tr><th>method</th><th>n</th>"
                        + "<th>flipped<br><span class=\"sub\">share, 95% CI</span></th><th>flip step<br>"
                        + "<span class=\"sub\">mean, 95% CI</span></th><th>median step</th></tr></thead><tbody>\n");
        for (String p : participants) {
            ScoreRow share = t.score(p, "decision", "flip_share");
            if (share == null) {
                continue;
            }
            ScoreRow mean = t.score(p, "decision", "flip_step_mean");
            ScoreRow median = t.score(p, "decision", "flip_step_median");
            boolean control = p.equals(RunData.CONTROL);
            h.append("<tr").append(control ? " class=\"control\"" : "").append("><th class=\"method\" title=\"")
                    .append(esc(p)).append("\">").append(esc(labels.of(p))).append("</th><td class=\"num\">")
                    .append(share.n()).append("</td>");
            cell(h, p, "flip_share", share);
            cell(h, p, "flip_step_mean", mean);
            if (median == null || Double.isNaN(median.mean())) {
                h.append("<td class=\"na\">–</td>");
            } else {
                h.append("<td class=\"num score\" data-participant=\"").append(esc(p))
                        .append("\" data-score=\"flip_step_median\" data-mean=\"").append(exact(median.mean()))
                        .append("\">").append(num(median.mean())).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table></div>\n<p class=\"legend\">The class decision is p ≥ the target's threshold; a "
                + "record's flip step is the first perturbation step whose decision differs from the clean one (MoRF; "
                + "the random-order control along its random order). A faithful map flips decisions early: a higher "
                + "share and a lower step than the random order. Steps count regions_per_step regions each (the rows' "
                + "flip_fraction gives the share of regions removed).</p>\n");
        return h.toString();
    }

    private static void cell(StringBuilder h, String p, String score, ScoreRow r) {
        if (r == null || Double.isNaN(r.mean())) {
            h.append("<td class=\"na\">–</td>");
            return;
        }
        h.append("<td class=\"num score\" data-participant=\"").append(esc(p)).append("\" data-score=\"")
                .append(score).append("\" data-n=\"").append(r.n()).append("\" data-mean=\"").append(exact(r.mean()))
                .append("\" data-ci-low=\"").append(exact(r.ciLow())).append("\" data-ci-high=\"")
                .append(exact(r.ciHigh())).append("\">").append(num(r.mean())).append("<br><span class=\"ci\">")
                .append(num(r.ciLow())).append(" – ").append(num(r.ciHigh())).append("</span></td>");
    }
}
