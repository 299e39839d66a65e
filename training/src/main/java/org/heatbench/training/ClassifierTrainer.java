package org.heatbench.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.SeedSequence;
import org.heatbench.datasets.Split;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a StevenNet-family multi-label classifier — the trunk with one logit per label — on a median-beat store's
 * binary labels ({@link LabelledSplit}) with HeatBench's compiled backward graphs ({@link TrainingSession} with
 * {@link Loss#BCE_WITH_LOGITS}): the same Adam, ReduceLROnPlateau on the validation loss, BatchNormalization batch
 * statistics with momentum-0.1 running statistics re-estimated after every epoch ({@link Trainer#recalibrate}) and
 * best-validation selection as the regression {@link Trainer}. The {@link TrainingConfig}'s {@code target} is not
 * used (the labels are the targets); augmentation is refused (scaling V5 would change amplitude labels such as
 * ST elevation), and there is no checkpoint: a run is one invocation, bounded by {@code maxMinutes}.
 *
 * <p>Deterministic for a given store, configuration and thread count: initial weights from the seed (or the
 * {@code initFrom} model's trunk with a seeded head), epoch {@code e}'s shuffle from
 * {@code SeedSequence(seed).forItem(e)}. Not thread-safe.
 */
public final class ClassifierTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(ClassifierTrainer.class);
    private static final long PROGRESS_NANOS = 15_000_000_000L;

    /**
     * What a classifier training run produced.
     *
     * @param best parameters of the best validation epoch (lowest validation BCE)
     * @param history every epoch ({@code valMae} = mean |y − σ(z)| over the validation labels)
     * @param bestEpoch 1-based epoch of {@code best}
     * @param trainSeconds wall-clock seconds spent in epochs
     * @param train the training records used (labels included, for the card's prevalence)
     * @param valRecords validation records used
     * @param stopReason {@code "epochs"} or {@code "time budget"}
     * @param labelSource where the labels came from
     */
    public record Result(Parameters best, List<EpochRecord> history, int bestEpoch, double trainSeconds,
            LabelledSplit train, int valRecords, String stopReason, String labelSource) {
    }

    private final TrainingConfig cfg;
    private final List<String> labels;
    private final Path initFrom;

    /**
     * @param cfg settings; {@code cfg.arch().outputs()} must equal the number of labels
     * @param labels label names, in output order
     * @param initFrom a model of the same trunk (e.g. a shipped regressor) whose parameters, all but the head, start
     *     the training; null for the seeded initialisation
     */
    public ClassifierTrainer(TrainingConfig cfg, List<String> labels, Path initFrom) {
        this.cfg = Objects.requireNonNull(cfg);
        this.labels = List.copyOf(labels);
        this.initFrom = initFrom;
        if (labels.isEmpty() || cfg.arch().outputs() != labels.size()) {
            throw new ConfigurationException("a classifier needs one output per label: " + labels.size()
                    + " label(s), " + cfg.arch().outputs() + " output(s)");
        }
        if (cfg.augmentation().enabled()) {
            throw new ConfigurationException("--augment is not supported for classification (amplitude scaling "
                    + "would change labels such as ST elevation); use --augment none", "augment");
        }
    }

    /** Trains on an open store (its train and val splits). */
    public Result train(EcgStore store) {
        Architecture arch = cfg.arch();
        if (store.samples() != arch.samples()) {
            throw new InvalidInputException("store '" + store.directory() + "' has " + store.samples()
                    + " samples per lead; " + arch.name() + " is built for " + arch.samples());
        }
        List<Lead> leads = Evaluator.leadsFor(arch.leads());
        LabelledSplit train = LabelledSplit.load(store, Split.TRAIN, labels, leads, cfg.maxTrain());
        LabelledSplit val = LabelledSplit.load(store, Split.VAL, labels, leads, cfg.maxVal());
        if (train.size() < cfg.batch() || val.size() < 1) {
            throw new InvalidInputException("store '" + store.directory() + "' has " + train.size()
                    + " training and " + val.size() + " validation records with all of " + labels
                    + " known; need at least one batch (" + cfg.batch() + ") and one validation record");
        }
        LOG.info("loaded {} training and {} validation records ({} left out for an unknown label); labels {}",
                train.size(), val.size(), train.data().skippedMissing() + val.data().skippedMissing(),
                train.source());
        for (int k = 0; k < labels.size(); k++) {
            LOG.info("  {}: {} of {} training records positive", labels.get(k), train.positives(k), train.size());
        }
        Parameters params = initFrom != null ? WarmStart.loadTrunk(arch, initFrom, cfg.seed())
                : Parameters.initialise(StevenNet.specs(arch), cfg.seed());
        Parameters best = params.copy();
        Adam adam = new Adam();
        ReduceLrOnPlateau plateau = new ReduceLrOnPlateau(cfg.lr(), cfg.lrFactor(), cfg.patience());
        List<EpochRecord> history = new ArrayList<>();
        double bestVal = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        double spent = 0;
        int rec = train.data().recordSize();
        int nl = labels.size();
        int row = rec + nl;
        int steps = (train.size() + cfg.batch() - 1) / cfg.batch();
        if (train.size() % cfg.batch() == 1) {
            steps--; // a last batch of one record has no batch statistics: dropped
        }
        String stop = "epochs";
        ExecutionOptions opts = cfg.threads() > 0 ? ExecutionOptions.defaults().withIntraOpThreads(cfg.threads())
                : ExecutionOptions.defaults();
        try (TrainingSession session = new TrainingSession(arch, params, opts, Loss.BCE_WITH_LOGITS)) {
            float[] batch = new float[cfg.batch() * row];
            double lastEpochSeconds = 0;
            for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
                if (cfg.maxMinutes() > 0 && spent + lastEpochSeconds > cfg.maxMinutes() * 60) {
                    stop = "time budget";
                    LOG.info("stopping before epoch {}: the time budget of {} min would be exceeded", epoch,
                            cfg.maxMinutes());
                    break;
                }
                long e0 = System.nanoTime();
                double lr = plateau.lr();
                int[] perm = Trainer.shuffle(train.size(), new SeedSequence(cfg.seed()).forItem(epoch));
                double lossSum = 0;
                long lastLog = e0;
                for (int s = 0; s < steps; s++) {
                    int from = s * cfg.batch();
                    int n = Math.min(cfg.batch(), train.size() - from);
                    for (int i = 0; i < n; i++) {
                        int r = perm[from + i];
                        System.arraycopy(train.data().signals(), r * rec, batch, i * row, rec);
                        System.arraycopy(train.labels(), r * nl, batch, i * row + rec, nl);
                    }
                    float[] feed = n == cfg.batch() ? batch : Arrays.copyOf(batch, n * row);
                    TrainingSession.StepResult res = session.step(feed, n, params);
                    if (!Double.isFinite(res.loss())) {
                        throw new ConfigurationException("training diverged: loss " + res.loss() + " at epoch " + epoch
                                + ", step " + (s + 1) + "; try a smaller 'lr'", "lr");
                    }
                    lossSum += res.loss();
                    adam.update(params, res.gradients(), lr);
                    Trainer.updateRunningStats(arch, params, res, n);
                    long now = System.nanoTime();
                    if (now - lastLog > PROGRESS_NANOS) {
                        lastLog = now;
                        double el = (now - e0) / 1e9;
                        LOG.info("epoch {}/{} step {}/{} BCE {} ({} samples/s) lr {}", epoch, cfg.epochs(), s + 1,
                                steps, Trainer.fmt(lossSum / (s + 1)),
                                String.format(Locale.ROOT, "%.0f", (from + n) / el), Trainer.fmt(lr));
                    }
                }
                double trainSec = (System.nanoTime() - e0) / 1e9;
                if (cfg.bnBatches() > 0) {
                    Trainer.recalibrate(session, params, train.data(), perm, cfg.batch(), cfg.bnBatches());
                }
                double[] v = validate(session, params, val);
                double next = plateau.observe(v[0]);
                if (v[0] < bestVal) {
                    bestVal = v[0];
                    bestEpoch = epoch;
                    best.copyFrom(params);
                }
                lastEpochSeconds = (System.nanoTime() - e0) / 1e9;
                spent += lastEpochSeconds;
                EpochRecord er = new EpochRecord(epoch, lossSum / steps, v[0], v[1], lr, lastEpochSeconds,
                        train.size() / trainSec);
                history.add(er);
                LOG.info("epoch {}/{} done in {}: train BCE {}, val BCE {}, val mean |y - p| {}, {} samples/s{}{}",
                        epoch, cfg.epochs(), Trainer.duration(lastEpochSeconds), Trainer.fmt(er.trainLoss()),
                        Trainer.fmt(v[0]), Trainer.fmt(v[1]), String.format(Locale.ROOT, "%.0f",
                                er.samplesPerSecond()), bestEpoch == epoch ? " (best)" : "",
                        next != lr ? ", lr -> " + Trainer.fmt(next) : "");
            }
        }
        return new Result(best, List.copyOf(history), bestEpoch, spent, train, val.size(), stop, train.source());
    }

    /** @return {mean validation BCE (eval mode, nats), mean |y − σ(z)|} over every label of every record */
    static double[] validate(TrainingSession session, Parameters params, LabelledSplit val) {
        int rec = val.data().recordSize();
        int nl = val.names().size();
        double bce = 0;
        double abs = 0;
        for (int from = 0; from < val.size(); from += Evaluator.BATCH) {
            int to = Math.min(val.size(), from + Evaluator.BATCH);
            float[] x = Arrays.copyOfRange(val.data().signals(), from * rec, to * rec);
            float[] z = session.predict(x, to - from, params);
            for (int j = 0; j < z.length; j++) {
                double y = val.labels()[from * nl + j];
                bce += Loss.bceWithLogits(z[j], y);
                abs += Math.abs(y - 1 / (1 + Math.exp(-z[j])));
            }
        }
        double n = (double) val.size() * nl;
        return new double[] {bce / n, abs / n};
    }
}
