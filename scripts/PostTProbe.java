import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.store.EcgStore;

/**
 * The post-T probe of models/README.md (*Version 3*): a QT model's prediction on each median of a store, and again
 * with every lead held constant from {@code d} ms after the reference T end (QRS onset + the store's QT) to the
 * window's end — what the model makes of the segment after the T wave, which a model that measures the T wave should
 * ignore. One line per record: id, reference QT, prediction, then the prediction for each delay.
 *
 * <pre>
 * java -cp harness/target/heatbench.jar scripts/PostTProbe.java MODEL.onnx STORE [DELAY_MS ...]
 * </pre>
 *
 * Input: leads I, II, V1–V6 of 600-sample medians at 500 Hz (the shipped models' layout); default delays 80, 160,
 * 240 ms. Example: {@code ... models/qt.onnx work/real/muse} (import commands in models/README.md).
 */
public final class PostTProbe {
    private static final List<Lead> INPUT = List.of(Lead.I, Lead.II, Lead.V1, Lead.V2, Lead.V3, Lead.V4, Lead.V5,
            Lead.V6);

    public static void main(String[] a) throws Exception {
        int[] delays = a.length > 2 ? java.util.Arrays.stream(a, 2, a.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {80, 160, 240};
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession model = env.createSession(a[0], new OrtSession.SessionOptions());
                EcgStore s = EcgStore.open(Path.of(a[1]))) {
            double dt = 1000 / s.samplingRateHz();
            StringBuilder head = new StringBuilder("id,reference_qt,prediction");
            for (int d : delays) {
                head.append(",held_from_t_end_plus_").append(d).append("ms");
            }
            System.out.println(head);
            for (int i = 0; i < s.size(); i++) {
                double qt = s.targets(i).qt();
                int on = s.fiducials(i).qrsOn();
                if (!(qt > 0) || on < 0) {
                    continue;
                }
                EcgRecord r = s.record(i);
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s,%.1f,%.1f", s.id(i), qt,
                        predict(env, model, input(r, Integer.MAX_VALUE))));
                for (int d : delays) {
                    int from = on + (int) Math.round((qt + d) / dt);
                    line.append(String.format(Locale.ROOT, ",%.1f", predict(env, model, input(r, from))));
                }
                System.out.println(line);
            }
        }
    }

    private static float[] input(EcgRecord r, int holdFrom) {
        int n = r.samples();
        float[] x = new float[INPUT.size() * n];
        for (int l = 0; l < INPUT.size(); l++) {
            float[] v = r.lead(INPUT.get(l));
            for (int k = 0; k < n; k++) {
                x[l * n + k] = k > holdFrom && holdFrom < n ? v[holdFrom] : v[k];
            }
        }
        return x;
    }

    private static double predict(OrtEnvironment env, OrtSession s, float[] x) throws Exception {
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {1, INPUT.size(),
                x.length / INPUT.size()}); OrtSession.Result r = s.run(Map.of("ecg", t))) {
            return ((float[][]) r.get(0).getValue())[0][0];
        }
    }
}
