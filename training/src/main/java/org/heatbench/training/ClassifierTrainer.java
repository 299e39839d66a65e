package org.heatbench.training;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Split;
import org.heatbench.datasets.store.EcgStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a StevenNet-family multi-label classifier — the trunk with one logit per label — on a median-beat store's
 * binary labels ({@link LabelledSplit}) with HeatBench's compiled backward graphs ({@link TrainingSession} with
 * {@link Loss#BCE_WITH_LOGITS}): the same Adam, ReduceLROnPlateau on the validation loss, BatchNormalization batch
 * statistics with momentum-0.1 running statistics re-estimated after every epoch ({@link EpochLoop#recalibrate}) and
 * best-validation selection as the regression {@link Trainer}. The {@link TrainingConfig}'s {@code target} is not
 * used (the labels are the targets); augmentation is refused (scaling V5 would change amplitude labels such as
 * ST elevation). The epoch loop, the per-epoch {@link Checkpoint} and resuming are the regression trainer's
 * ({@link EpochLoop}); the checkpoint's settings fingerprint names the labels, so a regression checkpoint (or one of
 * other labels) is refused.
 *
 * <p>Deterministic for a given store, configuration and thread count: initial weights from the seed (or the
 * {@code initFrom} model's trunk with a seeded head), epoch {@code e}'s shuffle from
 * {@code SeedSequence(seed).forItem(e)}. Not thread-safe.
 */
public final class ClassifierTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(ClassifierTrainer.class);

    /**
     * What a classifier training run produced.
     *
     * @param best parameters of the best validation epoch (lowest validation BCE)
     * @param history every epoch, a resumed run's earlier ones included ({@code valMae} = mean |y − σ(z)| over the
     *     validation labels)
     * @param bestEpoch 1-based epoch of {@code best}
     * @param trainSeconds wall-clock seconds spent in epochs (all parts of a resumed run)
     * @param train the training records used (labels included, for the card's prevalence)
     * @param valRecords validation records used
     * @param stopReason {@code "epochs"} or {@code "time budget"}
     * @param labelSource where the labels came from
     * @param resumedFromEpoch the epoch a resumed run started after (0 for a fresh run)
     */
    public record Result(Parameters best, List<EpochRecord> history, int bestEpoch, double trainSeconds,
            LabelledSplit train, int valRecords, String stopReason, String labelSource, int resumedFromEpoch) {
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

    /** Trains on an open store (its train and val splits) without a checkpoint. */
    public Result train(EcgStore store) {
        return train(store, null, false);
    }

    /**
     * Trains on an open store (its train and val splits), as the regression {@link Trainer#train}: a
     * {@link Checkpoint} after every epoch when {@code checkpoint} is not null; with {@code resume}, continuing from
     * it (parameters, Adam, schedule and history restored; the result equals an uninterrupted run's).
     *
     * @throws ConfigurationException with {@code resume}, when the checkpoint does not exist or was written for other
     *     settings (labels, architecture, optimiser, seed, record counts, warm start)
     */
    public Result train(EcgStore store, Path checkpoint, boolean resume) {
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
        EpochLoop loop = new EpochLoop(cfg, params, fingerprint(train, val, initFrom), "BCE", LOG);
        if (resume) {
            loop.resume(checkpoint);
        }
        try (TrainingSession session = new TrainingSession(arch, params, cfg.executionOptions(),
                Loss.BCE_WITH_LOGITS)) {
            loop.run(session, train.data(), train.labels(), new EpochLoop.Task() {
                @Override
                public double[] validate(TrainingSession s, Parameters p) {
                    return ClassifierTrainer.validate(s, p, val);
                }

                @Override
                public void epochDone(EpochRecord er, boolean isBest, double next) {
                    LOG.info("epoch {}/{} done in {}: train BCE {}, val BCE {}, val mean |y - p| {}, {} samples/s{}{}",
                            er.epoch(), cfg.epochs(), EpochLoop.duration(er.seconds()), EpochLoop.fmt(er.trainLoss()),
                            EpochLoop.fmt(er.valLoss()), EpochLoop.fmt(er.valMae()),
                            String.format(Locale.ROOT, "%.0f", er.samplesPerSecond()), isBest ? " (best)" : "",
                            next != er.lr() ? ", lr -> " + EpochLoop.fmt(next) : "");
                }
            }, checkpoint);
        }
        return new Result(loop.best(), loop.history(), loop.bestEpoch(), loop.spent(), train, val.size(),
                loop.stopReason(), train.source(), loop.resumedFromEpoch());
    }

    /**
     * The settings a checkpoint must have been written with to be resumed: architecture, labels and where they came
     * from, optimiser and schedule settings, seed, record counts, precise-BN batches and the warm start.
     */
    private String fingerprint(LabelledSplit train, LabelledSplit val, Path init) {
        return String.format(Locale.ROOT, "%s|classification|labels=%s|source=%s|leads=%d|batch=%d|lr=%s|factor=%s|"
                + "patience=%d|seed=%d|train=%d|val=%d|bn=%d%s", cfg.arch(), String.join(",", labels), train.source(),
                cfg.arch().leads(), cfg.batch(), cfg.lr(), cfg.lrFactor(), cfg.patience(), cfg.seed(), train.size(),
                val.size(), cfg.bnBatches(), init != null ? "|init=" + init.getFileName() : "");
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
