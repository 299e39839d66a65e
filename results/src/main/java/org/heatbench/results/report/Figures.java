package org.heatbench.results.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.heatbench.results.report.RunData.ComponentRow;
import org.heatbench.results.report.RunData.MeanCurve;
import org.heatbench.results.report.RunData.TargetData;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's static figures, drawn with XChart and saved as PNG (for the page and slides) and SVG (for papers)
 * under {@code <out>/figures/}. Stateless; each call writes its two files. Needs a headless-capable JDK with fonts.
 */
final class Figures {
    /** Colours of the methods, in report order (Tableau 10, then darker variants). */
    static final List<Color> PALETTE = List.of(new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0xbcbd22),
            new Color(0x17becf), new Color(0x393b79), new Color(0x637939), new Color(0x843c39));
    /** Colour of the {@code random} method. */
    static final Color RANDOM = new Color(0x7f7f7f);
    /** Colour of the random-order control. */
    static final Color CONTROL = Color.BLACK;

    /** Component names in drawing order and their colours. */
    static final List<String> COMPONENTS = List.of("p", "pr", "qrs", "st", "t", "other");
    private static final List<Color> COMPONENT_COLORS = List.of(new Color(0x4daf4a), new Color(0xa6d96a),
            new Color(0xe41a1c), new Color(0xff7f00), new Color(0x377eb8), new Color(0xbdbdbd));

    private Figures() {
    }

    /**
     * A figure written as {@code figures/<name>.png} and {@code .svg}.
     *
     * @param name base name
     * @param caption what it shows (plain text)
     */
    record Figure(String name, String caption) {
        String png() {
            return "figures/" + name + ".png";
        }

        String svg() {
            return "figures/" + name + ".svg";
        }
    }

    /** The colour of a participant: the palette by method position, grey for random, black for the control. */
    static Color color(String participant, List<String> methods) {
        if (participant.equals(RunData.CONTROL)) {
            return CONTROL;
        }
        if (Labels.baseName(participant).equals("random")) {
            return RANDOM;
        }
        int i = methods.indexOf(participant);
        return PALETTE.get(Math.floorMod(i, PALETTE.size()));
    }

    /**
     * Mean curves of one kind and order with 95% CI bands (translucent polygons), the random-order control dashed.
     *
     * @param maxStep last step drawn
     * @return the figure, or null when there is no curve to draw
     */
    static Figure curves(Path out, TargetData t, String curve, String order, int maxStep, String name,
            List<String> methods, Labels labels) {
        List<MeanCurve> drawn = new ArrayList<>();
        for (MeanCurve c : t.curves()) {
            boolean control = c.participant().equals(RunData.CONTROL);
            if (c.curve().equals(curve) && (c.order().equals(order) || control && c.order().equals("random"))) {
                drawn.add(c);
            }
        }
        drawn.sort((a, b) -> Integer.compare(rank(a.participant(), methods), rank(b.participant(), methods)));
        if (drawn.stream().noneMatch(c -> !c.participant().equals(RunData.CONTROL))) {
            return null;
        }
        String unit = t.unit().isEmpty() ? "" : " (" + t.unit() + ")";
        // classification targets carry the followed score as unit (docs/PERTURBATION.md, "Classification targets")
        boolean classifier = t.unit().equals("probability") || t.unit().equals("logit");
        String yTitle = classifier ? switch (curve) {
            case "error" -> "loss vs label (binary cross-entropy, nats)";
            case "relative_error" -> "|y − p|";
            case "change" -> "drop s₀ − s" + unit;
            default -> curve;
        } : switch (curve) {
            case "error" -> "|y − ŷ|" + unit;
            case "relative_error" -> "|y − ŷ| / max(|y|, floor)";
            case "change" -> "|ŷ₀ − ŷ|" + unit;
            default -> curve;
        };
        XYChart chart = new XYChartBuilder().width(880).height(480)
                .title(t.target() + ": mean " + curve.replace('_', ' ') + " curve, " + order.toUpperCase() + " (95% CI)")
                .xAxisTitle("perturbation step").yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax((double) maxStep);
        List<double[][]> lines = new ArrayList<>();
        for (MeanCurve c : drawn) {
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i < c.steps().length && c.steps()[i] <= maxStep; i++) {
                if (Double.isFinite(c.mean()[i])) {
                    pts.add(new double[] {c.steps()[i], c.mean()[i], c.ciLow()[i], c.ciHigh()[i]});
                }
            }
            lines.add(pts.toArray(double[][]::new));
        }
        // bands first, lines on top
        for (int k = 0; k < drawn.size(); k++) {
            double[][] p = lines.get(k);
            List<Double> bx = new ArrayList<>();
            List<Double> by = new ArrayList<>();
            for (double[] q : p) {
                if (Double.isFinite(q[3])) {
                    bx.add(q[0]);
                    by.add(q[3]);
                }
            }
            for (int i = p.length - 1; i >= 0; i--) {
                if (Double.isFinite(p[i][2])) {
                    bx.add(p[i][0]);
                    by.add(p[i][2]);
                }
            }
            if (bx.size() < 3) {
                continue;
            }
            Color col = color(drawn.get(k).participant(), methods);
            XYSeries band = chart.addSeries("band " + k, bx, by);
            band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            band.setFillColor(new Color(col.getRed(), col.getGreen(), col.getBlue(), 40));
            band.setLineColor(new Color(col.getRed(), col.getGreen(), col.getBlue(), 0));
            band.setMarker(SeriesMarkers.NONE);
            band.setShowInLegend(false);
        }
        for (int k = 0; k < drawn.size(); k++) {
            double[][] p = lines.get(k);
            if (p.length == 0) {
                continue;
            }
            double[] x = new double[p.length];
            double[] y = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                x[i] = p[i][0];
                y[i] = p[i][1];
            }
            String who = drawn.get(k).participant();
            String label = who.equals(RunData.CONTROL) ? "random order (control)" : labels.of(who);
            XYSeries s = chart.addSeries(label, x, y);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(color(who, methods));
            s.setLineWidth(1.6f);
            s.setLineStyle(SeriesLines.SOLID);
            if (who.equals(RunData.CONTROL)) {
                s.setLineStyle(SeriesLines.DASH_DASH);
            } else if (Labels.baseName(who).equals("random")) {
                s.setLineStyle(new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                        new float[] {2f, 3f}, 0f));
            }
        }
        Figure f = new Figure(name, t.target() + ": mean " + curve.replace('_', ' ') + " after k " + order.toUpperCase()
                + " perturbation steps, per method, with 95% confidence bands; random-order control dashed.");
        save(chart, out, f);
        return f;
    }

    /**
     * Stacked bars: mean share of |relevance| per beat segment and method.
     *
     * @return the figure, or null when the target has no component rows
     */
    static Figure components(Path out, TargetData t, String name, List<String> methods, Labels labels) {
        List<String> ms = new ArrayList<>();
        for (String m : methods) {
            if (t.components().stream().anyMatch(r -> r.method().equals(m))) {
                ms.add(m);
            }
        }
        for (ComponentRow r : t.components()) {
            if (!ms.contains(r.method())) {
                ms.add(r.method());
            }
        }
        if (ms.isEmpty()) {
            return null;
        }
        CategoryChart chart = new CategoryChartBuilder().width(880).height(420)
                .title(t.target() + ": share of |relevance| per beat segment").xAxisTitle("method")
                .yAxisTitle("mean share").build();
        style(chart.getStyler());
        chart.getStyler().setStacked(true);
        chart.getStyler().setOverlapped(false);
        chart.getStyler().setXAxisLabelRotation(20);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        List<String> xs = ms.stream().map(labels::of).toList();
        for (int c = 0; c < COMPONENTS.size(); c++) {
            String comp = COMPONENTS.get(c);
            List<Double> ys = new ArrayList<>();
            for (String m : ms) {
                double v = t.components().stream().filter(r -> r.method().equals(m) && r.component().equals(comp))
                        .mapToDouble(ComponentRow::mean).filter(Double::isFinite).findFirst().orElse(0.0);
                ys.add(v);
            }
            chart.addSeries(comp.toUpperCase(), xs, ys).setFillColor(COMPONENT_COLORS.get(c));
        }
        Figure f = new Figure(name, t.target() + ": mean share of |relevance| (all leads) in P, PR, QRS, ST, T and the "
                + "rest of the beat, per method.");
        save(chart, out, f);
        return f;
    }

    private static void style(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(true);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setLegendBorderColor(Color.WHITE);
        s.setChartTitleBoxVisible(false);
        s.setAntiAlias(true);
    }

    private static int rank(String participant, List<String> methods) {
        if (participant.equals(RunData.CONTROL)) {
            return Integer.MAX_VALUE;
        }
        int i = methods.indexOf(participant);
        return i < 0 ? Integer.MAX_VALUE - 1 : i;
    }

    private static void save(Chart<?, ?> chart, Path out, Figure f) {
        try {
            Path dir = out.resolve("figures");
            Files.createDirectories(dir);
            BitmapEncoder.saveBitmapWithDPI(chart, dir.resolve(f.name() + ".png").toString(),
                    BitmapEncoder.BitmapFormat.PNG, 110);
            VectorGraphicsEncoder.saveVectorGraphic(chart, dir.resolve(f.name() + ".svg").toString(),
                    VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write figure " + f.name() + " under " + out, e);
        }
    }
}
