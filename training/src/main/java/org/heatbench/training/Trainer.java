package org.heatbench.training;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.commons.rng.UniformRandomProvider;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.SeedSequence;
import org.heatbench.datasets.Split;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.ValueSource;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.datasets.store.StoreDelineation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a StevenNet-family regressor on a median-beat store with HeatBench's compiled backward graphs
 * ({@link TrainingSession}): MSE on the standardised target, Adam (Kingma &amp; Ba 2015), ReduceLROnPlateau on the
 * validation loss, BatchNormalization with batch statistics (Ioffe &amp; Szegedy 2015) and running statistics
 * updated with momentum 0.1 (unbiased batch variance, as PyTorch), the best-validation parameters kept.
 *
 * <p>Deterministic for a given store, configuration and thread count: initial weights come from the seed, and
 * epoch {@code e}'s shuffle from the stream {@code SeedSequence(seed).forItem(e)}, so a resumed run shuffles as an
 * uninterrupted one would. (ONNX Runtime's reductions may differ in the last bits between thread counts.)
 *
 * <p>Progress (epoch, step, loss, samples/s, ETA) is logged at INFO about every 15 s. Not thread-safe.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    /** BatchNormalization running-statistics momentum (PyTorch's 0.1). */
    public static final double BN_MOMENTUM = 0.1;
    /** Item offset of the per-epoch augmentation streams (the shuffles use items 1, 2, ...). */
    static final long AUGMENT_STREAM = 1L << 40;

    /**
     * What a training run produced.
     *
     * @param best parameters (and running statistics) of the best validation epoch
     * @param normalization the input scale and target standardisation used
     * @param history every epoch, including those of a resumed run's earlier part
     * @param bestEpoch 1-based epoch of {@code best}
     * @param trainSeconds wall-clock seconds spent in epochs (all parts of a resumed run)
     * @param trainRecords training records used
     * @param valRecords validation records used
     * @param stopReason why training ended ({@code "epochs"}, {@code "time budget"})
     * @param resumedFromEpoch the epoch a resumed run started after (0 for a fresh run)
     * @param added per {@link AddedTraining} store, what joined the training records (empty when none)
     * @param validation the store whose validation split selected the model and drove the learning-rate schedule,
     *                   when not the training store ({@link #withValidationFrom}), with its records; else null
     */
    public record Result(Parameters best, Normalization normalization, List<EpochRecord> history, int bestEpoch,
            double trainSeconds, int trainRecords, int valRecords, String stopReason, int resumedFromEpoch,
            List<AddedRecords> added, ValidationRecords validation) {

        /** @return the store that selected the model when not the training store, else null */
        public String validationStore() {
            return validation == null ? null : validation.store();
        }

        /** @return mean training samples per second over all epochs */
        public double samplesPerSecond() {
            double w = 0;
            double s = 0;
            for (EpochRecord e : history) {
                if (e.samplesPerSecond() > 0) {
                    double t = trainRecords / e.samplesPerSecond();
                    w += t;
                    s += trainRecords;
                }
            }
            return w > 0 ? s / w : Double.NaN;
        }
    }

    /**
     * The records an {@link AddedTraining} store contributed.
     *
     * @param store the store directory
     * @param provenance the store's provenance source (e.g. the imported folder)
     * @param records training-split records with a finite target (each joined {@code repeat} times)
     * @param skippedMissing training-split records left out for a missing target
     * @param repeat copies per epoch
     * @param wideRecords how many of the records have a reference QRS duration of 120 ms or wider
     * @param wideRepeat copies per epoch of those ({@link AddedTraining#wideRepeat}; equal to {@code repeat} unless
     *                   set apart)
     * @param referenceSources how many of the records' targets came from each {@link ValueSource}
     * @param importFormat the store's import format (provenance parameter {@code format}), or null (not imported)
     * @param ids the records' ids: with {@code importFormat}, what identifies them in any other import of the same
     *            data (the card names them so that {@code validate-real} can tell a seen record wherever it lies)
     */
    public record AddedRecords(String store, String provenance, int records,
            @JsonProperty("skipped_missing") int skippedMissing, int repeat,
            @JsonProperty("wide_qrs_records") int wideRecords, @JsonProperty("wide_qrs_repeat") int wideRepeat,
            @JsonProperty("reference_sources") Map<String, Integer> referenceSources,
            @JsonProperty("import_format") String importFormat, List<String> ids) {
    }

    /**
     * The records of a {@link #withValidationFrom} store that selected the model.
     *
     * @param store the store directory
     * @param importFormat its import format, or null
     * @param ids the validation records' ids
     */
    public record ValidationRecords(String store, @JsonProperty("import_format") String importFormat,
            List<String> ids) {
    }

    private final TrainingConfig cfg;
    private final Path initFrom;
    private final List<AddedTraining> added;
    private final Path validationFrom;

    public Trainer(TrainingConfig cfg) {
        this(cfg, null);
    }

    /**
     * @param initFrom an exported model whose parameters start the training ({@link WarmStart}; fine-tuning), or
     *                 null for the seeded random initialisation
     */
    public Trainer(TrainingConfig cfg, Path initFrom) {
        this(cfg, initFrom, List.of());
    }

    /**
     * @param added stores whose training records join the main store's in every epoch ({@link AddedTraining})
     */
    public Trainer(TrainingConfig cfg, Path initFrom, List<AddedTraining> added) {
        this(cfg, initFrom, added, null);
    }

    private Trainer(TrainingConfig cfg, Path initFrom, List<AddedTraining> added, Path validationFrom) {
        this.cfg = Objects.requireNonNull(cfg);
        this.initFrom = initFrom;
        this.added = List.copyOf(added);
        this.validationFrom = validationFrom;
    }

    /**
     * @param store a store whose validation split (all of it; {@code maxVal} applies to the training store only)
     *              selects the best epoch and drives the learning-rate schedule instead of the training store's —
     *              e.g. real medians held out from an {@link AddedTraining} store, so that the model is chosen for
     *              the data it is meant for; null for the training store's own validation split
     * @return a trainer validating on {@code store}
     */
    public Trainer withValidationFrom(Path store) {
        return new Trainer(cfg, initFrom, added, store);
    }

    /** Trains on an open store (its train and val splits). */
    public Result train(EcgStore store, Path checkpoint, boolean resume) {
        Architecture arch = cfg.arch();
        if (store.samples() != arch.samples()) {
            throw new InvalidInputException("store '" + store.directory() + "' has " + store.samples()
                    + " samples per lead; " + arch.name() + " is built for " + arch.samples());
        }
        List<Lead> leads = Evaluator.leadsFor(arch.leads());
        long t0 = System.nanoTime();
        SplitData train = SplitData.load(store, Split.TRAIN, cfg.target(), leads, cfg.maxTrain());
        List<ValidationRecords> validation = new ArrayList<>(1);
        SplitData val = validationFrom == null ? SplitData.load(store, Split.VAL, cfg.target(), leads, cfg.maxVal())
                : loadValidation(store, leads, validation);
        if (train.size() < cfg.batch() || val.size() < 1) {
            throw new InvalidInputException("store '" + store.directory() + "' has " + train.size()
                    + " training and " + val.size() + " validation records with a finite " + cfg.target().key()
                    + "; need at least one batch (" + cfg.batch() + ") and one validation record");
        }
        LOG.info("loaded {} training and {} validation records ({} leads) in {} s", train.size(), val.size(),
                leads.size(), String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
        Normalization norm = Normalization.of(train.targets());
        List<AddedRecords> joined = new ArrayList<>();
        for (AddedTraining a : added) {
            train = joinAdded(train, a, store, leads, joined);
        }
        Parameters params = initFrom != null ? WarmStart.load(arch, initFrom)
                : Parameters.initialise(StevenNet.specs(arch), cfg.seed());
        String fingerprint = fingerprint(train, val, norm, joined)
                + (validationFrom != null ? "|val-from=" + validationFrom : "");
        EpochLoop loop = new EpochLoop(cfg, params, fingerprint, "loss", LOG);
        if (resume) {
            loop.resume(checkpoint);
        }
        float[] z = new float[train.size()];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) norm.normalise(train.targets()[i]);
        }
        SplitData tr = train;
        try (TrainingSession session = new TrainingSession(arch, params, cfg.executionOptions())) {
            loop.run(session, train, z, new EpochLoop.Task() {
                private UniformRandomProvider augment;

                @Override
                public void startEpoch(int epoch) {
                    augment = cfg.augmentation().enabled()
                            ? new SeedSequence(cfg.seed()).forItem(AUGMENT_STREAM + epoch) : null;
                }

                @Override
                public void augment(float[] batch, int n) {
                    if (augment != null) {
                        cfg.augmentation().apply(batch, n, leads, tr.samples(), cfg.target(), norm, augment);
                    }
                }

                @Override
                public double[] validate(TrainingSession s, Parameters p) {
                    return Trainer.validate(s, p, val, norm);
                }

                @Override
                public void epochDone(EpochRecord er, boolean isBest, double next) {
                    LOG.info("epoch {}/{} done in {}: train loss {}, val loss {}, val MAE {} {}, {} samples/s{}{}",
                            er.epoch(), cfg.epochs(), EpochLoop.duration(er.seconds()), EpochLoop.fmt(er.trainLoss()),
                            EpochLoop.fmt(er.valLoss()), EpochLoop.fmt(er.valMae()), cfg.target().unit(),
                            String.format(Locale.ROOT, "%.0f", er.samplesPerSecond()), isBest ? " (best)" : "",
                            next != er.lr() ? ", lr -> " + EpochLoop.fmt(next) : "");
                }
            }, checkpoint);
        }
        return new Result(loop.best(), norm, loop.history(), loop.bestEpoch(), loop.spent(), train.size(), val.size(),
                loop.stopReason(), loop.resumedFromEpoch(), List.copyOf(joined),
                validation.isEmpty() ? null : validation.get(0));
    }

    /** The validation split of {@link #validationFrom}, after checking that it fits the training store. */
    private SplitData loadValidation(EcgStore main, List<Lead> leads, List<ValidationRecords> out) {
        try (EcgStore s = EcgStore.open(validationFrom)) {
            checkFits(s, main, leads, "validation store");
            SplitData d = SplitData.load(s, Split.VAL, cfg.target(), leads, 0);
            if (d.size() == 0) {
                throw new InvalidInputException("validation store '" + validationFrom + "' has no validation-split "
                        + "record with a finite " + cfg.target().key() + " (" + d.skippedMissing() + " without one); "
                        + "import it with a validation share (e.g. --split 0.75,0.25)");
            }
            LOG.info("validating on {} records of '{}' ({} skipped for a missing {})", d.size(), validationFrom,
                    d.skippedMissing(), cfg.target().key());
            out.add(new ValidationRecords(validationFrom.toString(), importFormat(s), ids(s, d)));
            return d;
        }
    }

    private static void checkFits(EcgStore s, EcgStore main, List<Lead> leads, String role) {
        if (s.samples() != main.samples() || s.samplingRateHz() != main.samplingRateHz()) {
            throw new InvalidInputException(role + " '" + s.directory() + "' has " + s.samples() + " samples at "
                    + s.samplingRateHz() + " Hz; the training store '" + main.directory() + "' has " + main.samples()
                    + " at " + main.samplingRateHz() + " Hz");
        }
        if (!s.leads().containsAll(leads)) {
            throw new InvalidInputException(role + " '" + s.directory() + "' lacks leads the network reads: it has "
                    + s.leads() + ", needs " + leads);
        }
    }

    /**
     * {@code train} joined by an added store's training records, each repeated as {@link AddedTraining#repeatFor}
     * its reference QRS says, after checking that they fit the main store's; records them.
     */
    private SplitData joinAdded(SplitData train, AddedTraining a, EcgStore main, List<Lead> leads,
            List<AddedRecords> joined) {
        try (EcgStore s = EcgStore.open(a.store())) {
            checkFits(s, main, leads, "added training store");
            SplitData d = SplitData.load(s, Split.TRAIN, cfg.target(), leads, 0);
            if (d.size() == 0) {
                throw new InvalidInputException("added training store '" + a.store() + "' has no training-split "
                        + "record with a finite " + cfg.target().key() + " (" + d.skippedMissing() + " without one); "
                        + "import it with a training share (e.g. --split 100,0)");
            }
            double[] values = s.targetValues(cfg.target());
            ValueSource[] src = StoreDelineation.targetSources(a.store(), cfg.target(), values);
            Map<String, Integer> counts = new TreeMap<>();
            for (int i : d.indices()) {
                counts.merge(src[i].name().toLowerCase(Locale.ROOT), 1, Integer::sum);
            }
            if (counts.containsKey("delineated")) {
                LOG.warn("added training store '{}': {} of its {} references come from HeatBench's own delineation; "
                        + "the model learns to agree with it there", a.store(), counts.get("delineated"), d.size());
            }
            double[] qrs = s.targetValues(Target.QRS);
            int[] repeats = new int[d.size()];
            int wide = 0;
            for (int k = 0; k < repeats.length; k++) {
                double q = qrs[d.indices()[k]];
                repeats[k] = a.repeatFor(q);
                wide += QrsStrata.isWide(q) ? 1 : 0;
            }
            int wideRepeat = a.wideRepeat() > 0 ? a.wideRepeat() : a.repeat();
            LOG.info("added {} training records of '{}' ({} each per epoch, {} of them with a reference QRS >= 120 ms "
                    + "{} each; references: {}), {} skipped for a missing {}", d.size(), a.store(), a.repeat(), wide,
                    wideRepeat, counts, d.skippedMissing(), cfg.target().key());
            joined.add(new AddedRecords(a.store().toString(), s.spec().provenance().source(), d.size(),
                    d.skippedMissing(), a.repeat(), wide, wideRepeat, counts, importFormat(s), ids(s, d)));
            return train.joinedWith(d, repeats);
        }
    }

    private static String importFormat(EcgStore s) {
        return s.spec().provenance().parameters().get("format");
    }

    private static List<String> ids(EcgStore s, SplitData d) {
        List<String> ids = new ArrayList<>(d.size());
        for (int i : d.indices()) {
            ids.add(s.id(i));
        }
        return List.copyOf(ids);
    }

    private String fingerprint(SplitData train, SplitData val, Normalization norm, List<AddedRecords> joined) {
        StringBuilder extra = new StringBuilder();
        for (AddedRecords a : joined) {
            extra.append("|added=").append(a.store()).append('x').append(a.repeat()).append(':').append(a.records());
            if (a.wideRepeat() != a.repeat()) {
                extra.append("|wide=").append(a.wideRecords()).append('x').append(a.wideRepeat());
            }
        }
        return String.format(Locale.ROOT, "%s|%s|leads=%d|batch=%d|lr=%s|factor=%s|patience=%d|seed=%d|train=%d|val=%d|"
                + "bn=%d|mean=%.6f|sd=%.6f%s%s%s", cfg.arch(), cfg.target().key(), cfg.arch().leads(), cfg.batch(),
                cfg.lr(), cfg.lrFactor(), cfg.patience(), cfg.seed(), train.size(), val.size(), cfg.bnBatches(),
                norm.targetMean(), norm.targetStd(),
                cfg.augmentation().enabled() ? "|augment=" + cfg.augmentation() : "",
                initFrom != null ? "|init=" + initFrom.getFileName() : "", extra);
    }

    /** @return {validation MSE on the normalised scale, validation MAE in the target's unit} */
    private static double[] validate(TrainingSession session, Parameters params, SplitData val, Normalization norm) {
        int rec = val.recordSize();
        double sq = 0;
        double abs = 0;
        for (int from = 0; from < val.size(); from += Evaluator.BATCH) {
            int to = Math.min(val.size(), from + Evaluator.BATCH);
            float[] x = java.util.Arrays.copyOfRange(val.signals(), from * rec, to * rec);
            float[] zh = session.predict(x, to - from, params);
            for (int i = 0; i < zh.length; i++) {
                double y = val.targets()[from + i];
                double d = zh[i] - norm.normalise(y);
                sq += d * d;
                abs += Math.abs(norm.denormalise(zh[i]) - y);
            }
        }
        return new double[] {sq / val.size(), abs / val.size()};
    }
}
