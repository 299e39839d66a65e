import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.importers.wfdb.AnnotatedIntervals;
import org.heatbench.datasets.importers.wfdb.Beat;
import org.heatbench.datasets.importers.wfdb.WfdbRecord;

/**
 * How far experts' per-lead wave marks spread over the leads, behind models/README.md, "Tried, not shipped: LUDB's
 * references read globally": per record of a folder of WFDB records with per-lead annotations (LUDB), the QRS and QT
 * of {@link AnnotatedIntervals} (each boundary the median over the leads that mark it; what HeatBench imports) beside
 * two global readings of the same marks: second-earliest onset to second-latest offset, and earliest to latest. Beats
 * are grouped over the leads as {@link AnnotatedIntervals} does (QRS within 100 ms); beats with fewer than three
 * leads marking QRS onset, QRS offset and T offset are left out; the record's value is the median over its beats.
 *
 * <pre>
 * java -cp harness/target/heatbench.jar scripts/LeadSpread.java LUDB_DIR [LUDB_DIR ...]
 * </pre>
 *
 * One CSV row per record on stdout: id, qrs and qt (median), qrs2 and qt2 (second-extreme), qrs1 and qt1 (extreme), ms.
 */
public final class LeadSpread {
    private record LeadBeat(Lead lead, Beat beat) {
    }

    public static void main(String[] a) throws Exception {
        System.out.println("id,qrs,qt,qrs2,qt2,qrs1,qt1");
        for (String dir : a) {
            List<Path> headers;
            try (Stream<Path> s = Files.list(Path.of(dir))) {
                headers = s.filter(p -> p.toString().endsWith(".hea")).sorted().toList();
            }
            for (Path h : headers) {
                WfdbRecord r = WfdbRecord.read(h);
                double ms = 1000.0 / r.rateHz();
                List<double[]> perBeat = new ArrayList<>();
                for (List<Beat> g : groups(r, ms)) {
                    int[] on = marks(g, 0);
                    int[] off = marks(g, 1);
                    int[] t = marks(g, 2);
                    if (on.length < 3 || off.length < 3 || t.length < 3) {
                        continue;
                    }
                    perBeat.add(new double[] {
                        (middle(off) - middle(on)) * ms, (middle(t) - middle(on)) * ms,
                        (off[off.length - 2] - on[1]) * ms, (t[t.length - 2] - on[1]) * ms,
                        (off[off.length - 1] - on[0]) * ms, (t[t.length - 1] - on[0]) * ms});
                }
                if (perBeat.size() < AnnotatedIntervals.MIN_BEATS) {
                    continue;
                }
                StringBuilder row = new StringBuilder(h.getFileName().toString().replace(".hea", ""));
                for (int k = 0; k < 6; k++) {
                    int c = k;
                    row.append(String.format(Locale.ROOT, ",%.1f",
                            middle(perBeat.stream().mapToDouble(v -> v[c]).sorted().toArray())));
                }
                System.out.println(row);
            }
        }
    }

    private static List<List<Beat>> groups(WfdbRecord r, double ms) {
        List<LeadBeat> all = new ArrayList<>();
        r.delineations().forEach((lead, d) -> d.beats().forEach(b -> all.add(new LeadBeat(lead, b))));
        all.removeIf(x -> x.beat().qrs().position() < 0);
        all.sort(Comparator.comparingInt((LeadBeat x) -> x.beat().qrs().position()).thenComparing(LeadBeat::lead));
        List<List<Beat>> groups = new ArrayList<>();
        List<Set<Lead>> leads = new ArrayList<>();
        int start = Integer.MIN_VALUE;
        for (LeadBeat x : all) {
            int pos = x.beat().qrs().position();
            if (groups.isEmpty() || (pos - start) * ms > AnnotatedIntervals.SAME_BEAT_MS
                    || leads.get(leads.size() - 1).contains(x.lead())) {
                groups.add(new ArrayList<>());
                leads.add(EnumSet.noneOf(Lead.class));
                start = pos;
            }
            groups.get(groups.size() - 1).add(x.beat());
            leads.get(leads.size() - 1).add(x.lead());
        }
        return groups;
    }

    /** @return the leads' marks, ascending: 0 QRS onset, 1 QRS offset, 2 T offset */
    private static int[] marks(List<Beat> g, int which) {
        return g.stream().mapToInt(b -> switch (which) {
            case 0 -> b.qrs().onset();
            case 1 -> b.qrs().offset();
            default -> b.t() == null ? -1 : b.t().offset();
        }).filter(v -> v >= 0).sorted().toArray();
    }

    private static double middle(int[] v) {
        return (v.length & 1) == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
    }

    private static double middle(double[] v) {
        return (v.length & 1) == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
    }
}
