package org.heatbench.datasets.signal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A PNG of the leads of a recording around a boundary, with our mark (red, solid), the reference mark (blue,
 * dashed) and, where the reference is drawn lead by lead (LUDB), each lead's own mark (a short blue tick on its
 * strip). Test-only tooling for the miss plots of docs/SIGNALS.md ({@link SignalMissPlotsTest}); headless AWT.
 */
final class BoundaryPlot {
    /** A vertical mark over all leads. */
    record Mark(String label, double sample, Color color, boolean dashed) {
    }

    /** A mark drawn on one lead's strip only. */
    record LeadMark(int lead, double sample) {
    }

    private final Recording rec;
    private final int from;
    private final int to;
    private final String title;
    private final List<Mark> marks = new ArrayList<>();
    private final List<LeadMark> leadMarks = new ArrayList<>();

    BoundaryPlot(Recording rec, int from, int to, String title) {
        this.rec = rec;
        this.from = Math.max(0, from);
        this.to = Math.min(rec.samples() - 1, to);
        this.title = title;
    }

    BoundaryPlot ours(String label, double sample) {
        marks.add(new Mark(label, sample, new Color(200, 0, 0), false));
        return this;
    }

    BoundaryPlot reference(String label, double sample) {
        marks.add(new Mark(label, sample, new Color(0, 60, 200), true));
        return this;
    }

    BoundaryPlot mark(String label, double sample, Color color, boolean dashed) {
        marks.add(new Mark(label, sample, color, dashed));
        return this;
    }

    BoundaryPlot leadMark(int lead, double sample) {
        leadMarks.add(new LeadMark(lead, sample));
        return this;
    }

    void write(Path png) throws IOException {
        int leads = rec.leadCount();
        int strip = 56;
        int left = 60;
        int top = 46;
        int width = 960;
        int height = top + leads * strip + 40;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int plotW = width - left - 80;
        double ms = 1000 / rec.rateHz();
        // each strip on its own µV scale (small P waves and QRS onsets would vanish under a common one): the lead's
        // range inside the window fills 90% of the strip; the range is printed at the right
        double[] lo = new double[leads];
        double[] hi = new double[leads];
        for (int l = 0; l < leads; l++) {
            lo[l] = Double.POSITIVE_INFINITY;
            hi[l] = Double.NEGATIVE_INFINITY;
            for (int i = from; i <= to; i++) {
                lo[l] = Math.min(lo[l], rec.signal()[l * rec.samples() + i]);
                hi[l] = Math.max(hi[l], rec.signal()[l * rec.samples() + i]);
            }
        }
        // grid every 20 ms
        g.setColor(new Color(235, 235, 235));
        for (double t = Math.ceil(from * ms / 20) * 20; t <= to * ms; t += 20) {
            int x = left + (int) Math.round((t / ms - from) * plotW / (to - from));
            g.drawLine(x, top, x, top + leads * strip);
        }
        g.setColor(Color.DARK_GRAY);
        for (int l = 0; l < leads; l++) {
            int mid = top + l * strip + strip / 2;
            g.drawString(rec.leads().get(l).label(), 8, mid + 4);
            double range = Math.max(10, hi[l] - lo[l]);
            double scale = 0.9 * strip / range;
            double base = (hi[l] + lo[l]) / 2;
            g.drawString(String.format(Locale.ROOT, "%.0f µV", range), width - 18 - 50, top + l * strip + 14);
            int px = -1;
            int py = -1;
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1.2f));
            for (int i = from; i <= to; i++) {
                int x = left + (int) Math.round((double) (i - from) * plotW / (to - from));
                int y = mid - (int) Math.round((rec.signal()[l * rec.samples() + i] - base) * scale);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
            g.setColor(Color.DARK_GRAY);
        }
        for (LeadMark m : leadMarks) {
            int x = left + (int) Math.round((m.sample() - from) * plotW / (to - from));
            int y0 = top + m.lead() * strip + 6;
            g.setColor(new Color(0, 60, 200));
            g.setStroke(new BasicStroke(3f));
            g.drawLine(x, y0, x, y0 + strip - 12);
        }
        int legendY = height - 14;
        int legendX = left;
        for (Mark m : marks) {
            int x = left + (int) Math.round((m.sample() - from) * plotW / (to - from));
            g.setColor(m.color());
            g.setStroke(m.dashed() ? new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                    new float[] {6, 4}, 0) : new BasicStroke(1.6f));
            g.drawLine(x, top - 4, x, top + leads * strip);
            String text = m.label() + String.format(Locale.ROOT, " (%.0f ms)", m.sample() * ms);
            g.drawString(text, legendX, legendY);
            legendX += g.getFontMetrics().stringWidth(text) + 24;
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(title, 8, 18);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString(String.format(Locale.ROOT, "%.0f–%.0f ms of %s, grid 20 ms, each lead on its own scale (its range "
                + "in the window at the right)", from * ms, to * ms, rec.id()), 8, 34);
        g.dispose();
        Files.createDirectories(png.getParent());
        ImageIO.write(img, "png", png.toFile());
    }
}
