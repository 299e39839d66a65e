import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.importers.wfdb.Beat;
import org.heatbench.datasets.importers.wfdb.LeadDelineation;
import org.heatbench.datasets.importers.wfdb.WfdbRecord;
import org.heatbench.datasets.store.EcgStore;

/**
 * The measurements behind docs/SYNTHESIS.md, "Model v3" and "Model v4": per median beat of a store, the T wave's shape on the
 * baseline-referenced spatial magnitude of the eight independent leads and the levels before P and after T in single
 * leads, computed the same way on real and synthetic medians. One CSV row per record (and lead) on stdout.
 *
 * <pre>
 * java -cp harness/target/heatbench.jar scripts/TWaveFeatures.java STORE [LUDB_DIR|-] [shape|levels|late]
 * </pre>
 *
 * STORE: a store of median beats (a synthetic one, or LUDB imported with {@code dataset import --format wfdb --median
 * --split 0,0}). With LUDB_DIR (the folder of the LUDB records, NAME.hea with the per-lead annotation files) the
 * reference T end is the cardiologists' — QRS onset of the median + the median over leads of each lead's median over
 * beats of (T off − QRS on); otherwise (pass {@code -}) the store's QT target. Columns, times in ms: {@code shape}:
 * id, the store's QRS target (the cardiologists' for LUDB, the label for synthetic beats), reference QT, QRS-onset sample, spatial T peak (µV), the T wave's half-, quarter- and tenth-width after its
 * peak, peak → tangent end (steepest descent between the peak and the 10% point, extended to 0), peak → reference end,
 * the spatial level 40–120 ms after the reference end / T peak, left/right half-width ratio. {@code levels}: id, lead,
 * P deflection, mean level 60–140 ms after the reference end, largest T deflection, mean level before P (first
 * samples), all relative to the QRS onset (µV). {@code late}: id, the spatial change (µV) between the mean of the
 * window's 120–80 ms before its end and of its last 40 ms, over the eight independent leads — how much the end of the
 * window still moves (records whose reference T end lies within 120 ms of the last 120 ms are left out).
 */
public final class TWaveFeatures {
    private static final List<Lead> INDEPENDENT = List.of(Lead.I, Lead.II, Lead.V1, Lead.V2, Lead.V3, Lead.V4, Lead.V5,
            Lead.V6);

    public static void main(String[] a) {
        Path ludb = a.length > 1 && !a[1].equals("-") ? Path.of(a[1]) : null;
        String mode = a.length > 2 ? a[2] : "shape";
        System.out.println(switch (mode) {
            case "levels" -> "id,lead,p,post,tamp,pre";
            case "late" -> "id,late_change";
            default -> "id,qrs,qt_ref,qrs_on,tamp,w50,w25,w10,tan,ref,floor,asym50";
        });
        try (EcgStore s = EcgStore.open(Path.of(a[0]))) {
            double dt = 1000 / s.samplingRateHz();
            for (int i = 0; i < s.size(); i++) {
                double qt = ludb != null ? cardiologistsQt(ludb.resolve(s.id(i) + ".hea")) : s.targets(i).qt();
                int on = s.fiducials(i).qrsOn();
                int off = s.fiducials(i).qrsOff();
                if (!(qt > 0) || on < 0 || off < 0) {
                    continue;
                }
                EcgRecord r = s.record(i);
                switch (mode) {
                    case "levels" -> levels(s.id(i), r, on, on + (int) Math.round(qt / dt), dt);
                    case "late" -> late(s.id(i), r, on + (int) Math.round(qt / dt), dt);
                    default -> shape(s.id(i), s.targets(i).qrs(), r, on, off, qt, dt);
                }
            }
        }
    }

    private static void shape(String id, double qrs, EcgRecord r, int on, int off, double qt, double dt) {
        int n = r.samples();
        double[] m = new double[n];
        for (Lead l : INDEPENDENT) {
            float[] x = r.lead(l);
            double base = 0;
            for (int k = on - 10; k <= on - 5; k++) {
                base += x[Math.max(0, k)];
            }
            base /= 6;
            for (int k = 0; k < n; k++) {
                m[k] += (x[k] - base) * (x[k] - base);
            }
        }
        for (int k = 0; k < n; k++) {
            m[k] = Math.sqrt(m[k]);
        }
        double end = on + qt / dt;
        int lo = off + (int) (60 / dt);
        int hi = Math.min(n - 3, (int) Math.round(end + 10 / dt));
        if (hi <= lo + 5) {
            return;
        }
        int pk = lo;
        for (int k = lo; k <= hi; k++) {
            pk = m[k] > m[pk] ? k : pk;
        }
        double peak = m[pk];
        double w50 = crossing(m, pk, 0.5 * peak);
        double w25 = crossing(m, pk, 0.25 * peak);
        double w10 = crossing(m, pk, 0.10 * peak);
        int left = pk;
        while (left > lo && m[left] > 0.5 * peak) {
            left--;
        }
        int stop = (int) Math.min(n - 3, Math.ceil(pk + (Double.isNaN(w10) ? 60 / dt : w10)));
        int steepest = pk + 1;
        double slope = 0;
        for (int k = pk + 1; k <= stop; k++) {
            double d = (m[k + 1] - m[k - 1]) / 2;
            if (d < slope) {
                slope = d;
                steepest = k;
            }
        }
        double tangent = slope < 0 ? steepest - m[steepest] / slope : Double.NaN;
        int f0 = (int) Math.round(end + 40 / dt);
        int f1 = Math.min(n - 1, (int) Math.round(end + 120 / dt));
        double floor = Double.NaN;
        if (f1 > f0 + 5) {
            List<Double> v = new ArrayList<>();
            for (int k = f0; k < f1; k++) {
                v.add(m[k]);
            }
            floor = median(v) / peak;
        }
        System.out.printf(Locale.ROOT, "%s,%.1f,%.1f,%d,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.3f,%.2f%n", id, qrs, qt, on, peak,
                w50 * dt, w25 * dt, w10 * dt, (tangent - pk) * dt, (end - pk) * dt, floor,
                (pk - left) / Math.max(1e-9, w50));
    }

    private static void levels(String id, EcgRecord r, int on, int end, double dt) {
        int a0 = end + (int) (60 / dt);
        int a1 = end + (int) (140 / dt);
        if (a1 >= r.samples()) {
            return;
        }
        for (Lead l : List.of(Lead.I, Lead.II, Lead.V1, Lead.V2, Lead.V5)) {
            float[] x = r.lead(l);
            double b = x[on];
            double p = 0;
            for (int k = Math.max(0, on - (int) (220 / dt)); k < on - (int) (40 / dt); k++) {
                p = Math.abs(x[k] - b) > Math.abs(p) ? x[k] - b : p;
            }
            double post = 0;
            for (int k = a0; k < a1; k++) {
                post += x[k] - b;
            }
            post /= a1 - a0;
            double pre = 0;
            int count = 0;
            for (int k = 0; k < on - (int) (240 / dt); k++) {
                pre += x[k] - b;
                count++;
            }
            double t = 0;
            for (int k = on + (int) (150 / dt); k < end; k++) {
                t = Math.abs(x[k] - b) > Math.abs(t) ? x[k] - b : t;
            }
            System.out.printf(Locale.ROOT, "%s,%s,%.1f,%.1f,%.1f,%.1f%n", id, l.label(), p, post, t,
                    count > 0 ? pre / count : Double.NaN);
        }
    }

    /** How much the window's last 120 ms still move: the spatial change from its 120–80 ms to its last 40 ms. */
    private static void late(String id, EcgRecord r, int end, double dt) {
        int n = r.samples();
        int w = (int) Math.round(40 / dt);
        if (end + (int) (120 / dt) > n - 3 * w) {
            return; // the T wave reaches into the window's last 120 ms
        }
        double sum = 0;
        for (Lead l : INDEPENDENT) {
            float[] x = r.lead(l);
            double early = 0;
            double last = 0;
            for (int k = 0; k < w; k++) {
                early += x[n - 3 * w + k];
                last += x[n - w + k];
            }
            sum += Math.pow((early - last) / w, 2);
        }
        System.out.printf(Locale.ROOT, "%s,%.1f%n", id, Math.sqrt(sum));
    }

    private static double crossing(double[] m, int from, double threshold) {
        for (int k = from; k < m.length - 1; k++) {
            if (m[k + 1] < threshold) {
                return k - from + (m[k] - threshold) / (m[k] - m[k + 1]);
            }
        }
        return Double.NaN;
    }

    /** The cardiologists' QT of a LUDB record, ms: median over leads of each lead's median over beats. */
    static double cardiologistsQt(Path header) {
        WfdbRecord r = WfdbRecord.read(header);
        List<Double> perLead = new ArrayList<>();
        for (LeadDelineation d : r.delineations().values()) {
            List<Double> v = new ArrayList<>();
            for (Beat b : d.beats()) {
                if (b.qrs() != null && b.t() != null && b.qrs().onset() >= 0 && b.t().offset() > b.qrs().onset()) {
                    v.add((double) (b.t().offset() - b.qrs().onset()));
                }
            }
            if (!v.isEmpty()) {
                perLead.add(median(v));
            }
        }
        return perLead.isEmpty() ? Double.NaN : median(perLead) * 1000 / r.rateHz();
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
