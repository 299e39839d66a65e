import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.store.EcgStore;

/**
 * The measurements behind models/README.md, "Caveats", wide QRS: how full a median's QRS complex is, on the spatial
 * magnitude of the eight independent leads (each referenced to its mean 10–20 ms before the QRS onset), over the
 * labelled QRS [onset, onset + QRS target]. One CSV row per record on stdout.
 *
 * <pre>
 * java -cp harness/target/heatbench.jar scripts/QrsFeatures.java STORE [MAX_RECORDS]
 * </pre>
 *
 * Columns: id, QRS target (ms: the cardiologists' for LUDB medians, the label for synthetic beats), QRS-onset and
 * -offset samples, the share of the labelled QRS where the magnitude exceeds 50%, 25% and 5% of its peak there, the
 * time from the onset to the first sample above 25% and from the last such sample to the labelled end (ms). Records
 * without a QRS target or onset are left out.
 */
public final class QrsFeatures {
    private static final List<Lead> INDEPENDENT = List.of(Lead.I, Lead.II, Lead.V1, Lead.V2, Lead.V3, Lead.V4, Lead.V5,
            Lead.V6);

    public static void main(String[] a) {
        int max = a.length > 1 ? Integer.parseInt(a[1]) : Integer.MAX_VALUE;
        System.out.println("id,qrs,on,off,f50,f25,f05,rise25,fall25");
        try (EcgStore s = EcgStore.open(Path.of(a[0]))) {
            double dt = 1000 / s.samplingRateHz();
            for (int i = 0; i < Math.min(max, s.size()); i++) {
                double qrs = s.targets(i).qrs();
                int on = s.fiducials(i).qrsOn();
                if (!(qrs > 0) || on < 10) {
                    continue;
                }
                EcgRecord r = s.record(i);
                int n = r.samples();
                double[] m = new double[n];
                for (Lead l : INDEPENDENT) {
                    float[] x = r.lead(l);
                    double base = 0;
                    for (int k = on - 10; k <= on - 5; k++) {
                        base += x[k];
                    }
                    base /= 6;
                    for (int k = 0; k < n; k++) {
                        m[k] += (x[k] - base) * (x[k] - base);
                    }
                }
                int end = Math.min(n - 1, on + (int) Math.round(qrs / dt));
                double peak = 0;
                for (int k = on; k <= end; k++) {
                    m[k] = Math.sqrt(m[k]);
                    peak = Math.max(peak, m[k]);
                }
                int above50 = 0;
                int above25 = 0;
                int above05 = 0;
                int first = -1;
                int last = -1;
                for (int k = on; k <= end; k++) {
                    above50 += m[k] > 0.5 * peak ? 1 : 0;
                    above05 += m[k] > 0.05 * peak ? 1 : 0;
                    if (m[k] > 0.25 * peak) {
                        above25++;
                        first = first < 0 ? k : first;
                        last = k;
                    }
                }
                double len = end - on + 1;
                System.out.printf(Locale.ROOT, "%s,%.1f,%d,%d,%.2f,%.2f,%.2f,%.1f,%.1f%n", s.id(i), qrs, on,
                        s.fiducials(i).qrsOff(), above50 / len, above25 / len, above05 / len, (first - on) * dt,
                        (end - last) * dt);
            }
        }
    }
}
